package io.jwtredis.sample;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the sample: a resource server with login, logout and "log out everywhere".
 * <p>
 * Without {@code jwt.redis.secret} it makes up a random secret for this run, so tokens do
 * not survive a restart; pass the same secret to instances that must share tokens.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setDefaultProperties(Map.of("jwt.redis.secret", randomSecret()));
		application.run(args);
	}

	static String randomSecret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return "base64:" + Base64.getEncoder().encodeToString(bytes);
	}

}
