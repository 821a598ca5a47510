package io.jwtredis.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.test.SharedCluster;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Closing the application does not make Lettuce warn about connections that jwt-redis
 * left open: the store and the near cache close theirs before Spring Data shuts the
 * shared client down, and wait for a connection attempt still in flight.
 * <p>
 * Only warnings about jwt-redis's own connections are counted: Lettuce can still warn
 * about a node connection of its own that is mid-handshake when the client stops.
 */
class ShutdownIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JwtRedisAutoConfiguration.class))
		.withPropertyValues(SharedCluster.redisProperties())
		.withPropertyValues("jwt.redis.secret=" + TestTokens.SECRET);

	private final List<String> warnings = new CopyOnWriteArrayList<>();

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

		@Override
		protected void append(ILoggingEvent event) {
			String message = event.getFormattedMessage();
			if (event.getLevel().isGreaterOrEqual(Level.WARN) && (message.contains("already closed")
					|| event.getLoggerName().endsWith("DefaultClusterTopologyRefresh"))) {
				ShutdownIntegrationTests.this.warnings.add(event.getLoggerName() + ": " + event.getFormattedMessage());
			}
		}

	};

	private final Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");

	@BeforeEach
	void captureLettuceWarnings() {
		this.appender.start();
		this.lettuce.addAppender(this.appender);
	}

	@AfterEach
	void stopCapturing() {
		this.lettuce.detachAppender(this.appender);
		this.appender.stop();
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void closeWhenTokensWereCheckedAndRevokedThenLettuceLogsNoWarning(boolean nearCache) {
		this.contextRunner.withPropertyValues("jwt.redis.near-cache.enabled=" + nearCache).run((context) -> {
			assertThat(context).hasNotFailed();
			String subject = "shutdown-" + System.nanoTime();
			Jwt jwt = context.getBean(JwtRedisTokenIssuer.class).issue(subject, List.of("read"));
			context.getBean(JwtDecoder.class).decode(jwt.getTokenValue());
			context.getBean(JwtRevoker.class).revoke(jwt);
			context.getBean(JwtRevoker.class).revokeAll(subject);
		});
		assertThat(this.warnings).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void startWhenContextWasStoppedThenChecksAndRevocationsWorkAgain(boolean nearCache) {
		this.contextRunner.withPropertyValues("jwt.redis.near-cache.enabled=" + nearCache).run((context) -> {
			assertThat(context).hasNotFailed();
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			Jwt jwt = context.getBean(JwtRedisTokenIssuer.class).issue("restart-" + System.nanoTime(), List.of("read"));
			decoder.decode(jwt.getTokenValue());
			// What Spring's test context cache does to a cached context when a suite
			// moves on
			context.stop();
			context.start();
			assertThat(decoder.decode(jwt.getTokenValue()).getSubject()).isEqualTo(jwt.getSubject());
			context.getBean(JwtRevoker.class).revoke(jwt);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(jwt.getTokenValue()));
		});
	}

	@Test
	void closeWhenStillConnectingThenLettuceLogsNoWarning() {
		// Without the near cache: its connections open node connections of their own,
		// and Lettuce can race closing one of those that is mid-handshake
		for (int i = 0; i < 3; i++) {
			this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
		}
		assertThat(this.warnings).isEmpty();
	}

}
