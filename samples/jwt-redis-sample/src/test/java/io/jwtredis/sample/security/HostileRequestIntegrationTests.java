package io.jwtredis.sample.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile tokens and header quirks over HTTP against the sample: 401
 * {@code invalid_token} (or the right 4xx), never a 500, and no Redis round trip for a
 * refused token.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "jwt.redis.secret=" + HostileRequestIntegrationTests.SECRET)
class HostileRequestIntegrationTests {

	static final String SECRET = "sample-security-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABC";

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private RedisConnectionFactory redis;

	static Stream<Arguments> hostileTokens() {
		return cases().entrySet().stream().map((entry) -> Arguments.of(entry.getKey(), entry.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileTokens")
	void apiWhenTokenIsHostileThen401InvalidTokenAndNoRedisCall(String name, String token) throws Exception {
		long before = scriptCalls();
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/api/me",
				List.of("Authorization: Bearer " + token));
		assertThat(response.status()).as(name).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).as(name).startsWith("Bearer error=\"invalid_token\"");
		assertThat(response.body()).as(name).doesNotContain("Exception");
		assertThat(scriptCalls() - before).as(name).isZero();
	}

	@Test
	void apiWhenAuthorizationHeaderIsOneMegabyteThenCleanClientErrorAndNoRedisCall() throws Exception {
		long before = scriptCalls();
		String huge = "Authorization: Bearer " + "A".repeat(1 << 20);
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/api/me", List.of(huge));
		assertThat(response.status()).isBetween(400, 499);
		assertThat(scriptCalls() - before).isZero();
		assertThat(get("/api/me", login()).statusCode()).isEqualTo(200);
	}

	@Test
	void apiWhenPayloadHasDeeplyNestedArraysThenRefusedAsA4xx() throws Exception {
		String nested = sign("{\"alg\":\"HS256\"}", "{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}");
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/api/me",
				List.of("Authorization: Bearer " + nested));
		assertThat(response.status()).isBetween(400, 499);
		String fits = sign("{\"alg\":\"HS256\"}", "{\"a\":" + "[".repeat(2_500) + "]".repeat(2_500) + "}");
		RawHttp.Response parsed = RawHttp.send(this.port, "GET", "/api/me", List.of("Authorization: Bearer " + fits));
		assertThat(parsed.status()).isEqualTo(401);
		assertThat(parsed.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
	}

	@Test
	void apiWhenExpiredWithinTheClockSkewThenAccepted() throws Exception {
		long now = Instant.now().getEpochSecond();
		String token = sign("{\"alg\":\"HS256\"}", claims("skew", now - 600, now - 30, null));
		assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void apiWhenSchemeIsLowerOrUpperCaseThenTokenWorks() throws Exception {
		String token = login();
		for (String scheme : List.of("bearer", "BEARER", "Bearer", "bEaReR")) {
			assertThat(RawHttp.send(this.port, "GET", "/api/me", List.of("Authorization: " + scheme + " " + token))
				.status()).as(scheme).isEqualTo(200);
		}
	}

	@Test
	void requestWhenTwoTokensThen400InvalidRequestForApiAndLogout() throws Exception {
		String token = login();
		String other = login();
		List<List<String>> doubles = List.of(
				List.of("Authorization: Bearer " + token, "Authorization: Bearer " + other),
				List.of("Authorization: Bearer " + token, "Authorization: Bearer " + token),
				List.of("Authorization: Bearer " + token, "Authorization: Basic YTpi"));
		for (List<String> headers : doubles) {
			for (String[] request : new String[][] { { "GET", "/api/me" }, { "POST", "/auth/logout" },
					{ "POST", "/auth/logout-all" } }) {
				RawHttp.Response response = RawHttp.send(this.port, request[0], request[1], headers);
				assertThat(response.status()).as(request[1]).isEqualTo(400);
				assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_request\"");
			}
		}
		RawHttp.Response withParameter = RawHttp.send(this.port, "GET", "/api/me?access_token=" + other,
				List.of("Authorization: Bearer " + token));
		assertThat(withParameter.status()).isEqualTo(400);
		assertThat(withParameter.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_request\"");
		assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
		assertThat(get("/api/me", other).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenTokenIsOnlyInTheQueryThenIgnored() throws Exception {
		String token = login();
		for (String[] request : new String[][] { { "GET", "/api/me" }, { "POST", "/auth/logout" } }) {
			RawHttp.Response response = RawHttp.send(this.port, request[0], request[1] + "?access_token=" + token,
					List.of());
			assertThat(response.status()).as(request[1]).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		}
		assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenBearerHasNoTokenThen401() throws Exception {
		for (String header : List.of("Authorization: Bearer", "Authorization: Bearer ", "Authorization: Bearer   ",
				"Authorization: Bearer\t")) {
			for (String[] request : new String[][] { { "GET", "/api/me" }, { "POST", "/auth/logout" } }) {
				RawHttp.Response response = RawHttp.send(this.port, request[0], request[1], List.of(header));
				assertThat(response.status()).as(header).isEqualTo(401);
			}
		}
	}

	@Test
	void logoutWhenSchemeIsLowerCaseThenTheTokenIsRevoked() throws Exception {
		String token = login();
		assertThat(RawHttp.send(this.port, "POST", "/auth/logout", List.of("Authorization: bearer " + token)).status())
			.isEqualTo(204);
		assertThat(get("/api/me", token).statusCode()).isEqualTo(401);
		String another = login();
		assertThat(RawHttp.send(this.port, "POST", "/auth/logout-all", List.of("Authorization: BEARER " + another))
			.status()).isEqualTo(204);
		assertThat(get("/api/me", another).statusCode()).isEqualTo(401);
	}

	@Test
	void logoutWhenTokenIsHostileThen401AndNothingIsRevoked() throws Exception {
		String token = login();
		for (String hostile : cases().values()) {
			for (String path : List.of("/auth/logout", "/auth/logout-all")) {
				RawHttp.Response response = RawHttp.send(this.port, "POST", path,
						List.of("Authorization: Bearer " + hostile));
				assertThat(response.status()).isEqualTo(401);
			}
		}
		assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
	}

	static Map<String, String> cases() {
		Map<String, String> cases = new LinkedHashMap<>();
		long now = Instant.now().getEpochSecond();
		String claims = claims("alice", now, now + 600, null);
		String valid = sign("{\"alg\":\"HS256\"}", claims);
		String[] parts = valid.split("\\.");
		for (String alg : List.of("none", "None", "NONE")) {
			String unsigned = URL.encodeToString(("{\"alg\":\"" + alg + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
					+ parts[1] + ".";
			cases.put("alg " + alg + ", empty signature", unsigned);
			cases.put("alg " + alg + ", junk signature", unsigned + "AAAA");
		}
		cases.put("HS384 with the secret", sign("{\"alg\":\"HS384\"}", claims, "HmacSHA384"));
		cases.put("HS512 with the secret", sign("{\"alg\":\"HS512\"}", claims, "HmacSHA512"));
		cases.put("RS256 header", sign("{\"alg\":\"RS256\"}", claims));
		cases.put("two segments", parts[0] + "." + parts[1]);
		cases.put("four segments", valid + "." + parts[2]);
		cases.put("payload []", sign("{\"alg\":\"HS256\"}", "[]"));
		cases.put("payload null", sign("{\"alg\":\"HS256\"}", "null"));
		for (int segment = 0; segment < 3; segment++) {
			for (String bad : List.of("+", "/", "=", "~", "*", "%", "\u00e9", "!")) {
				String[] copy = parts.clone();
				copy[segment] = copy[segment].substring(0, 5) + bad + copy[segment].substring(5);
				cases.put("'" + bad + "' in segment " + (segment + 1), String.join(".", copy));
			}
		}
		cases.put("padded signature", valid + "=");
		cases.put("no exp", sign("{\"alg\":\"HS256\"}", claims("alice", now, Long.MIN_VALUE, null)));
		cases.put("exp 120 s in the past", sign("{\"alg\":\"HS256\"}", claims("alice", now - 600, now - 120, null)));
		cases.put("nbf 120 s in the future",
				sign("{\"alg\":\"HS256\"}", claims("alice", now, now + 600, "\"nbf\":" + (now + 120))));
		cases.put("no jti", sign("{\"alg\":\"HS256\"}",
				claims("alice", now, now + 600, null).replaceFirst("\"jti\":\"[^\"]*\",", "")));
		cases.put("no iat",
				sign("{\"alg\":\"HS256\"}", claims("alice", now, now + 600, null).replaceFirst(",\"iat\":[0-9]+", "")));
		cases.put("another secret",
				sign("{\"alg\":\"HS256\"}", claims, "HmacSHA256", "another-secret-that-is-long-enough-0123456789"));
		return cases;
	}

	static String claims(String subject, long iat, long exp, String extra) {
		StringBuilder json = new StringBuilder(
				"{\"jti\":\"" + UUID.randomUUID() + "\",\"sub\":\"" + subject + "\",\"iat\":" + iat);
		if (exp != Long.MIN_VALUE) {
			json.append(",\"exp\":").append(exp);
		}
		json.append(",\"scope\":\"read\"");
		if (extra != null) {
			json.append(',').append(extra);
		}
		return json.append('}').toString();
	}

	static String sign(String header, String payload) {
		return sign(header, payload, "HmacSHA256");
	}

	static String sign(String header, String payload, String algorithm) {
		return sign(header, payload, algorithm, SECRET);
	}

	static String sign(String header, String payload, String algorithm, String secret) {
		try {
			String input = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
					+ URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
			return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long scriptCalls() {
		long calls = 0;
		try (RedisClusterConnection connection = this.redis.getClusterConnection()) {
			for (RedisClusterNode node : connection.clusterGetNodes()) {
				Properties stats = connection.serverCommands().info(node, "commandstats");
				calls += count(stats, "cmdstat_evalsha") + count(stats, "cmdstat_eval");
			}
		}
		return calls;
	}

	private static long count(Properties stats, String name) {
		String value = stats.getProperty(name);
		if (value == null) {
			return 0;
		}
		for (String field : value.split(",")) {
			if (field.startsWith("calls=")) {
				return Long.parseLong(field.substring("calls=".length()));
			}
		}
		return 0;
	}

	private String login() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/auth/token"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bob\",\"password\":\"bob-password\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", "Bearer " + token)
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
