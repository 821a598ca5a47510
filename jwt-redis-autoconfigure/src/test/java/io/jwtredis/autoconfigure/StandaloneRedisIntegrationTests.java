package io.jwtredis.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue, validate and revoke against a single Redis server that is not a cluster.
 */
class StandaloneRedisIntegrationTests {

	private static Process server;

	private static int port;

	@BeforeAll
	static void startServer(@TempDir Path directory) throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		server = new ProcessBuilder(EmbeddedRedisCluster.redisServerExecutable().toString(), "--port",
				Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
				directory.toString(), "--requirepass", "standalone-pass")
			.redirectOutput(Files.createTempFile(directory, "redis", ".log").toFile())
			.redirectErrorStream(true)
			.start();
		Process started = server;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!accepts(port)) {
			assertThat(System.nanoTime()).as("redis-server did not start").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		if (server != null) {
			server.destroyForcibly().waitFor();
		}
	}

	@Test
	void revokeWhenRedisIsOneServerThenTokensAreRevokedAndDurabilityNeedsNoReplica() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JwtRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port,
					"spring.data.redis.password=standalone-pass", "jwt.redis.secret=" + TestTokens.SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				Jwt jwt = context.getBean(JwtRedisTokenIssuer.class).issue("olivia", List.of("read"));
				assertThat(decoder.decode(jwt.getTokenValue()).getSubject()).isEqualTo("olivia");
				context.getBean(JwtRevoker.class).revoke(jwt);
				assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(jwt.getTokenValue()));
				Jwt other = context.getBean(JwtRedisTokenIssuer.class).issue("olivia", List.of("read"));
				context.getBean(JwtRevoker.class).revokeAll("olivia");
				assertThatExceptionOfType(BadJwtException.class)
					.isThrownBy(() -> decoder.decode(other.getTokenValue()));
			});
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
