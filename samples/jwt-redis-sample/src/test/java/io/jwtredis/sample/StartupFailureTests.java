package io.jwtredis.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad configuration stops the application with a message that names the property and the
 * fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	@Test
	void startWhenSecretIsTooShortThenFailureNamesThePropertyAndHidesTheSecret(CapturedOutput output) {
		String weak = "only-twenty-six-bytes-long";
		assertThatException().isThrownBy(() -> start("--jwt.redis.secret=" + weak));
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("Property 'jwt.redis.secret' is invalid: it is 26 bytes long")
			.contains("openssl rand -base64 32")
			.doesNotContain(weak);
	}

	@Test
	void startWhenSecretIsNotBase64ThenFailureNamesTheProperty(CapturedOutput output) {
		String malformed = "base64:not*base64*at*all*but*long*enough*to*matter*0123";
		assertThatException().isThrownBy(() -> start("--jwt.redis.secret=" + malformed));
		assertThat(output.getAll()).contains("Property 'jwt.redis.secret' is invalid")
			.contains("not valid standard base64")
			.doesNotContain("not*base64*at*all");
	}

	@Test
	void startWhenDurationIsMalformedThenFailureNamesTheProperty(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--jwt.redis.secret=" + HttpContractIntegrationTests.SECRET,
				"--jwt.redis.clock-skew=sixty"));
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("jwt.redis.clock-skew");
	}

	private static void start(String... args) {
		new SpringApplicationBuilder(SampleApplication.class)
			.properties("jwt.redis.embedded.enabled=false", "spring.data.redis.cluster.nodes=127.0.0.1:1",
					"server.port=0")
			.run(args)
			.close();
	}

}
