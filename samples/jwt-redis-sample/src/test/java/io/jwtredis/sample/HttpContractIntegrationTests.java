package io.jwtredis.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's HTTP contract, on the embedded Redis Cluster that the sample starts
 * itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "jwt.redis.secret=" + HttpContractIntegrationTests.SECRET, "logging.level.io.jwtredis=TRACE",
				"logging.level.org.springframework.security=TRACE" })
@ExtendWith(OutputCaptureExtension.class)
class HttpContractIntegrationTests {

	static final String SECRET = "sample-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH";

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Test
	void loginCallLogoutThenTheTokenIsRejectedAndNothingSecretIsLogged(CapturedOutput output) throws Exception {
		String token = login("alice", "alice-password");
		HttpResponse<String> me = get("/api/me", token);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"sub\":\"alice\"").contains("\"scope\":[\"read\",\"admin\"]");
		assertThat(get("/api/admin", token).statusCode()).isEqualTo(200);
		assertThat(post("/auth/logout", token, "").statusCode()).isEqualTo(204);
		HttpResponse<String> after = get("/api/me", token);
		assertThat(after.statusCode()).isEqualTo(401);
		assertThat(after.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("Bearer error=\"invalid_token\"");
		assertThat(output.getAll()).doesNotContain(token)
			.doesNotContain(token.split("\\.")[2])
			.doesNotContain(SECRET)
			.doesNotContain("alice-password");
	}

	@Test
	void loginWhenTokenIsIssuedThenResponseFollowsTheContract() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/auth/token"))
			.header("Content-Type", "application/json")
			.POST(body("{\"username\":\"bob\",\"password\":\"bob-password\"}")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"token_type\":\"Bearer\"")
			.contains("\"access_token\":\"")
			.contains("\"expires_in\":900");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void loginWhenCredentialsAreWrongThen401() throws Exception {
		assertThat(loginResponse("alice", "wrong").statusCode()).isEqualTo(401);
		assertThat(loginResponse("nobody", "alice-password").statusCode()).isEqualTo(401);
		assertThat(loginResponse("alice", "").statusCode()).isEqualTo(401);
		assertThat(loginResponse("", "").statusCode()).isEqualTo(401);
	}

	@Test
	void loginWhenAStaleRevokedTokenIsStillSentThenLoginAndHealthIgnoreIt() throws Exception {
		String stale = login("bob", "bob-password");
		assertThat(post("/auth/logout", stale, "").statusCode()).isEqualTo(204);
		HttpResponse<String> relogin = send(HttpRequest.newBuilder(uri("/auth/token"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + stale)
			.POST(body("{\"username\":\"bob\",\"password\":\"bob-password\"}")));
		assertThat(relogin.statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health", stale).statusCode()).isEqualTo(200);
		assertThat(get("/api/me", stale).statusCode()).isEqualTo(401);
	}

	@Test
	void loginWhenBodyIsMalformedThen400() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/auth/token"))
			.header("Content-Type", "application/json")
			.POST(body("{\"username\":")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Exception");
	}

	@Test
	void apiWhenNoTokenThen401WithBareBearerChallenge() throws Exception {
		HttpResponse<String> response = get("/api/me", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void apiWhenTokenIsMalformedThen401InvalidToken() throws Exception {
		assertInvalidToken("not.a.token");
		assertInvalidToken("abc");
	}

	@Test
	void apiWhenTokenIsExpiredThen401InvalidToken() throws Exception {
		Instant past = Instant.now().minusSeconds(1200);
		assertInvalidToken(sign(JWSAlgorithm.HS256,
				claims("alice").issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(1080))).build()));
	}

	@Test
	void apiWhenSignedWithOtherAlgorithmsThen401InvalidToken() throws Exception {
		assertInvalidToken(sign(JWSAlgorithm.HS384, claims("alice").build()));
		assertInvalidToken(sign(JWSAlgorithm.HS512, claims("alice").build()));
		assertInvalidToken(unsigned("none"));
		assertInvalidToken(unsigned("None"));
		assertThat(get("/api/me", sign(JWSAlgorithm.HS256, claims("carl").build())).statusCode()).isEqualTo(200);
	}

	@Test
	void adminWhenScopeIsMissingThen403InsufficientScope() throws Exception {
		HttpResponse<String> response = get("/api/admin", login("bob", "bob-password"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("error=\"insufficient_scope\"");
	}

	@Test
	void logoutWhenRepeatedThenEvery204ConfirmsTheRevocation() throws Exception {
		String token = login("bob", "bob-password");
		assertThat(post("/auth/logout", token, "").statusCode()).isEqualTo(204);
		assertThat(post("/auth/logout", token, "").statusCode()).isEqualTo(204);
		assertInvalidToken(token);
	}

	@Test
	void logoutAllWhenTokenIsAlreadyRevokedThen401AndNewerTokensStayValid() throws Exception {
		String old = login("bob", "bob-password");
		assertThat(post("/auth/logout", old, "").statusCode()).isEqualTo(204);
		Thread.sleep(1100);
		String fresh = login("bob", "bob-password");
		HttpResponse<String> response = post("/auth/logout-all", old, "");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("Bearer error=\"invalid_token\"");
		assertThat(get("/api/me", fresh).statusCode()).isEqualTo(200);
	}

	@Test
	void logoutWhenTokenIsForgedThen401AndNothingIsRevoked() throws Exception {
		assertInvalidTokenOn("/auth/logout", "not.a.token");
		assertInvalidTokenOn("/auth/logout-all", sign(JWSAlgorithm.HS512, claims("alice").build()));
	}

	@Test
	void logoutWhenNoTokenThen401() throws Exception {
		HttpResponse<String> response = post("/auth/logout", null, "");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(post("/auth/logout-all", null, "").statusCode()).isEqualTo(401);
	}

	@Test
	void logoutWhenGetThen405AndTokenStaysValid() throws Exception {
		String token = login("bob", "bob-password");
		HttpResponse<String> response = get("/auth/logout", token);
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		assertThat(get("/auth/logout-all", token).statusCode()).isEqualTo(405);
		assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void logoutAllThenEveryEarlierTokenOfTheUserIsRejectedAndOthersAreNot() throws Exception {
		String first = login("alice", "alice-password");
		String second = login("alice", "alice-password");
		String bobs = login("bob", "bob-password");
		assertThat(post("/auth/logout-all", first, "").statusCode()).isEqualTo(204);
		assertInvalidToken(first);
		assertInvalidToken(second);
		assertThat(get("/api/me", bobs).statusCode()).isEqualTo(200);
		String fresh = login("alice", "alice-password");
		assertThat(get("/api/me", fresh).statusCode()).isEqualTo(200);
	}

	private void assertInvalidTokenOn(String path, String token) throws Exception {
		HttpResponse<String> response = post(path, token, "");
		assertThat(response.statusCode()).as(token).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("Bearer error=\"invalid_token\"");
	}

	private void assertInvalidToken(String token) throws Exception {
		HttpResponse<String> response = get("/api/me", token);
		assertThat(response.statusCode()).as(token).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("Bearer error=\"invalid_token\"");
		assertThat(response.body()).doesNotContain("Exception");
	}

	private String login(String username, String password) throws Exception {
		HttpResponse<String> response = loginResponse(username, password);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	private HttpResponse<String> loginResponse(String username, String password) throws Exception {
		return send(HttpRequest.newBuilder(uri("/auth/token"))
			.header("Content-Type", "application/json")
			.POST(body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	private HttpResponse<String> post(String path, String token, String content) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(body(content));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpRequest.BodyPublisher body(String content) {
		return HttpRequest.BodyPublishers.ofString(content);
	}

	static JWTClaimsSet.Builder claims(String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.claim("scope", "read");
	}

	static String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
		jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	private static String unsigned(String algorithm) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString(("{\"alg\":\"" + algorithm + "\"}").getBytes(StandardCharsets.UTF_8));
		String payload = encoder.encodeToString(claims("alice").build().toString().getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

}
