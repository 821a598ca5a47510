package io.jwtredis.sample.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every logger at TRACE, a login, call, logout and "log out everywhere" leave no
 * token, signature, secret, password or jti in the log. Two framework loggers stay at
 * INFO because they print what they are given by design: Tomcat's request dumps (the
 * Authorization header) and the Spring test framework's report of this test's own
 * properties (the secret).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "jwt.redis.secret=" + LogSecrecyIntegrationTests.SECRET, "logging.level.io.jwtredis=TRACE",
				"logging.level.org.springframework.security=TRACE", "logging.level.io.lettuce=TRACE",
				"logging.level.org.springframework.data.redis=TRACE", "logging.level.root=TRACE",
				"logging.level.org.apache.coyote=INFO", "logging.level.org.apache.tomcat=INFO",
				"logging.level.org.springframework.test=INFO" })
@ExtendWith(OutputCaptureExtension.class)
class LogSecrecyIntegrationTests {

	static final String SECRET = "log-secrecy-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH";

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private Environment environment;

	@Test
	void scenarioWhenLoggingAtTraceThenNoTokenSignatureSecretPasswordOrJtiIsLogged(CapturedOutput output)
			throws Exception {
		String first = login();
		String second = login();
		assertThat(call("GET", "/api/me", first)).isEqualTo(200);
		assertThat(call("POST", "/auth/logout", first)).isEqualTo(204);
		assertThat(call("GET", "/api/me", first)).isEqualTo(401);
		assertThat(call("POST", "/auth/logout-all", second)).isEqualTo(204);
		assertThat(call("GET", "/api/me", second)).isEqualTo(401);
		String log = output.getAll();
		assertThat(log).contains("TRACE");
		for (String token : new String[] { first, second }) {
			String[] parts = token.split("\\.");
			String jti = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
			assertThat(log).doesNotContain(token).doesNotContain(parts[2]).doesNotContain(parts[1]).doesNotContain(jti);
		}
		assertThat(log).doesNotContain(SECRET)
			.doesNotContain("alice-password")
			.doesNotContain(this.environment.getProperty("spring.data.redis.password"));
	}

	private String login() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/auth/token"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	private int call(String method, String path, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", "Bearer " + token)
				.timeout(Duration.ofSeconds(10))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

}
