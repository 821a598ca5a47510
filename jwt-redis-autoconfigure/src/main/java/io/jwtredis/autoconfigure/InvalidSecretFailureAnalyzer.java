package io.jwtredis.autoconfigure;

import io.jwtredis.core.HmacSecrets.InvalidSecretException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Tells the user what is wrong with {@code jwt.redis.secret} and how to fix it, without
 * showing the secret.
 */
final class InvalidSecretFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretException cause) {
		return new FailureAnalysis("Property 'jwt.redis.secret' is invalid: " + cause.getReason() + ".",
				"Set 'jwt.redis.secret' to at least 32 random bytes: either text, or 'base64:' followed by "
						+ "standard base64, for example the output of 'openssl rand -base64 32'.",
				cause);
	}

}
