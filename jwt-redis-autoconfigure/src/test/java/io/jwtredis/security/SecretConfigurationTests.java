package io.jwtredis.security;

import java.util.Base64;
import java.util.List;

import io.jwtredis.autoconfigure.JwtRedisAutoConfiguration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Weak or malformed secrets stop the application at startup with a report that names
 * {@code jwt.redis.secret} and never shows the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretConfigurationTests {

	static List<String> weakSecrets() {
		return List.of("Zq7-short-text-secret-of-31-byt", "base64:" + Base64.getEncoder()
			.encodeToString("Zq7-thirty-one-byte-secret-here".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
				"base64:Zq7*not base64 at all Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7",
				"base64:Zq7-url_alphabet-Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7",
				"base64:Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7",
				"base64: Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7",
				"base64:Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Zq7Z=",
				"Zq7-a-long-enough-text-secret-with-a-trailing-newline\n",
				" Zq7-a-long-enough-text-secret-with-a-leading-space");
	}

	@ParameterizedTest
	@MethodSource("weakSecrets")
	void startWhenSecretIsWeakOrMalformedThenFailsNamingThePropertyAndNotShowingTheSecret(String secret,
			CapturedOutput output) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		Throwable failure = catchThrowable(() -> application.run("--jwt.redis.secret=" + secret,
				"--jwt.redis.embedded.enabled=false", "--spring.main.banner-mode=off"));
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("jwt.redis.secret").contains("APPLICATION FAILED TO START");
		String core = secret.replace("base64:", "").strip();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			assertThat(String.valueOf(cause.getMessage())).doesNotContain(core);
		}
		assertThat(output.getAll()).doesNotContain(core).doesNotContain("Zq7Zq7Zq7");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, JwtRedisAutoConfiguration.class })
	static class Application {

	}

}
