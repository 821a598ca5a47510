package io.jwtredis.core;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Thrown when the revocation store cannot answer in time; the token is not known to be
 * bad, so callers answer 503 rather than 401.
 */
public class RevocationStoreUnavailableException extends JwtException {

	public RevocationStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public RevocationStoreUnavailableException(String message) {
		super(message);
	}

}
