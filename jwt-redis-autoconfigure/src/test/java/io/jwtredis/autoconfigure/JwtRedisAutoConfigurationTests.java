package io.jwtredis.autoconfigure;

import io.jwtredis.core.HmacSecrets.InvalidSecretException;
import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.RevocationCheckingJwtDecoder;
import io.jwtredis.core.RevocationStore;
import io.jwtredis.test.TestTokens;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class JwtRedisAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JwtRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1");

	@Test
	void whenSecretIsSetThenEveryBeanIsPresentAndTheDecoderIsWrapped() {
		this.contextRunner.withPropertyValues("jwt.redis.secret=" + TestTokens.SECRET).run((context) -> {
			assertThat(context).hasSingleBean(LettuceRevocationStore.class)
				.hasSingleBean(JwtRedisTokenIssuer.class)
				.hasSingleBean(JwtRevoker.class);
			assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(RevocationCheckingJwtDecoder.class);
			assertThat(((RevocationCheckingJwtDecoder) context.getBean(JwtDecoder.class)).getDelegate())
				.isInstanceOf(NimbusJwtDecoder.class);
		});
	}

	@Test
	void whenApplicationDefinesItsOwnDecoderThenItIsKeptAndWrapped() {
		this.contextRunner.withUserConfiguration(UserDecoderConfiguration.class).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder).isInstanceOf(RevocationCheckingJwtDecoder.class);
			assertThat(((RevocationCheckingJwtDecoder) decoder).getDelegate())
				.isSameAs(UserDecoderConfiguration.DECODER);
			assertThat(context).doesNotHaveBean(JwtRedisTokenIssuer.class);
		});
	}

	@Test
	void whenApplicationDefinesItsOwnBeansThenAutoConfigurationBacksOff() {
		this.contextRunner.withPropertyValues("jwt.redis.secret=" + TestTokens.SECRET)
			.withUserConfiguration(UserBeansConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(RevocationStore.class).doesNotHaveBean(LettuceRevocationStore.class);
				assertThat(context.getBean(JwtRedisTokenIssuer.class)).isSameAs(UserBeansConfiguration.ISSUER);
				assertThat(context.getBean(JwtRevoker.class)).isSameAs(UserBeansConfiguration.REVOKER);
			});
	}

	@Test
	void whenDisabledThenNothingIsConfigured() {
		this.contextRunner.withPropertyValues("jwt.redis.enabled=false", "jwt.redis.secret=" + TestTokens.SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(RevocationStore.class)
				.doesNotHaveBean(JwtDecoder.class));
	}

	@Test
	void whenLettuceIsAbsentThenNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JwtRedisAutoConfiguration.class))
			.withPropertyValues("jwt.redis.secret=" + TestTokens.SECRET)
			.withClassLoader(new FilteredClassLoader("io.lettuce.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(RevocationStore.class));
	}

	@Test
	void whenSecretIsShorterThan32BytesThenStartupFailsNamingThePropertyWithoutShowingTheSecret() {
		String weak = "weak-secret-of-25-bytes!!";
		this.contextRunner.withPropertyValues("jwt.redis.secret=" + weak).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).hasRootCauseInstanceOf(InvalidSecretException.class);
			FailureAnalysis analysis = new InvalidSecretFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("jwt.redis.secret").contains("25 bytes");
			assertThat(analysis.getAction()).contains("jwt.redis.secret");
			assertThat(fullText(failure) + analysis.getDescription() + analysis.getAction()).doesNotContain(weak);
		});
	}

	@Test
	void whenSecretIsMissingAndNoDecoderIsDefinedThenStartupFailsNamingTheProperty() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidSecretFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("jwt.redis.secret").contains("not set");
		});
	}

	@Test
	void whenClockSkewIsMalformedThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("jwt.redis.secret=" + TestTokens.SECRET, "jwt.redis.clock-skew=soon")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(fullText(context.getStartupFailure())).contains("jwt.redis.clock-skew");
			});
	}

	@Test
	void environmentWhenApplicationSetsNoRefreshPropertiesThenAdaptiveRefreshIsOnAndUserValuesWin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("user", Map.of("spring.data.redis.lettuce.cluster.refresh.period", "5s")));
		new JwtRedisEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.lettuce.cluster.refresh.adaptive")).isEqualTo("true");
		assertThat(environment.getProperty("spring.data.redis.lettuce.cluster.refresh.period")).isEqualTo("5s");
		assertThat(environment.getProperty("logging.level.io.lettuce.core.protocol")).isEqualTo("INFO");
	}

	private static String fullText(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			text.append(current.getMessage()).append('\n');
		}
		return text.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDecoderConfiguration {

		static final JwtDecoder DECODER = (token) -> {
			throw new BadJwtException("user decoder");
		};

		@Bean
		JwtDecoder userDecoder() {
			return DECODER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final RevocationStore STORE = mock(RevocationStore.class);

		static final JwtRedisTokenIssuer ISSUER = mock(JwtRedisTokenIssuer.class);

		static final JwtRevoker REVOKER = new JwtRevoker(STORE, Duration.ofHours(1));

		@Bean
		RevocationStore userStore() {
			return STORE;
		}

		@Bean
		JwtRedisTokenIssuer userIssuer() {
			return ISSUER;
		}

		@Bean
		JwtRevoker userRevoker() {
			return REVOKER;
		}

	}

}
