package io.jwtredis.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.jwtredis.core.JwtRedisTokenIssuer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exchanges a user name and password for a bearer token.
 */
@RestController
class TokenController {

	private final SampleUsers users;

	private final JwtRedisTokenIssuer issuer;

	TokenController(SampleUsers users, JwtRedisTokenIssuer issuer) {
		this.users = users;
		this.issuer = issuer;
	}

	@PostMapping("/auth/token")
	ResponseEntity<?> token(@Valid @RequestBody Credentials credentials) {
		return this.users.authenticate(credentials.username(), credentials.password())
			.<ResponseEntity<?>>map((scopes) -> issued(credentials.username(), scopes))
			.orElseGet(TokenController::badCredentials);
	}

	private ResponseEntity<?> issued(String username, List<String> scopes) {
		Jwt jwt = this.issuer.issue(username, scopes);
		Instant expiresAt = jwt.getExpiresAt();
		long expiresIn = (expiresAt != null) ? Duration.between(Instant.now(), expiresAt).plusMillis(999).toSeconds()
				: 0;
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("access_token", jwt.getTokenValue(), "token_type", "Bearer", "expires_in",
					Math.max(expiresIn, 0)));
	}

	private static ResponseEntity<?> badCredentials() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"The user name or password is wrong.");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).cacheControl(CacheControl.noStore()).body(problem);
	}

	/**
	 * The login request.
	 *
	 * @param username the user name
	 * @param password the password
	 */
	record Credentials(@NotNull String username, @NotNull String password) {

	}

}
