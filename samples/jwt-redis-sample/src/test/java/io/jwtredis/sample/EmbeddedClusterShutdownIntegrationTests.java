package io.jwtredis.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.RevocationStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that started its own embedded cluster closes its Redis clients before
 * the cluster stops: Lettuce has nothing to warn about, and no node is left running.
 */
class EmbeddedClusterShutdownIntegrationTests {

	@Test
	void closeWhenTheApplicationStartedTheClusterThenClientsCloseFirstAndEveryNodeStops() {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// A password of its own gives this application a cluster that no other test
		// shares
		ConfigurableApplicationContext context = application.run("--server.port=0",
				"--spring.data.redis.password=shutdown-" + System.nanoTime(),
				"--jwt.redis.secret=shutdown-secret-0123456789-abcdefghijklmnopqrstuvwxyz");
		List<String> warnings = new CopyOnWriteArrayList<>();
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

			@Override
			protected void append(ILoggingEvent event) {
				if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
					warnings.add(event.getLoggerName() + ": " + event.getFormattedMessage());
				}
			}

		};
		Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");
		appender.start();
		lettuce.addAppender(appender);
		List<Integer> ports = new ArrayList<>();
		try {
			for (String node : context.getEnvironment()
				.getRequiredProperty("spring.data.redis.cluster.nodes")
				.split(",")) {
				ports.add(Integer.parseInt(node.substring(node.lastIndexOf(':') + 1)));
			}
			Jwt jwt = issueOnceConnected(context.getBean(JwtRedisTokenIssuer.class));
			context.getBean(JwtDecoder.class).decode(jwt.getTokenValue());
			context.getBean(JwtRevoker.class).revoke(jwt);
			context.close();
		}
		finally {
			lettuce.detachAppender(appender);
			appender.stop();
			context.close();
		}
		assertThat(warnings).isEmpty();
		assertThat(ports).hasSize(6).noneMatch(EmbeddedClusterShutdownIntegrationTests::accepts);
	}

	private static Jwt issueOnceConnected(JwtRedisTokenIssuer issuer) {
		// The store connects in the background; on a busy machine that can outlast the
		// first call's timeout
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (true) {
			try {
				return issuer.issue("shutdown", List.of("read"));
			}
			catch (RevocationStoreUnavailableException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
			}
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
