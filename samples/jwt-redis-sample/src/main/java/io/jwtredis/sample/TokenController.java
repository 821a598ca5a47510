package io.jwtredis.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
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
			.body(new TokenResponse(jwt.getTokenValue(), "Bearer", Math.max(expiresIn, 0)));
	}

	private static ResponseEntity<?> badCredentials() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"The user name or password is wrong.");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).cacheControl(CacheControl.noStore()).body(problem);
	}

	/**
	 * The login response (RFC 6749 section 5.1); its text form hides the token, because
	 * Spring MVC logs response bodies at TRACE.
	 *
	 * @param accessToken the token
	 * @param tokenType always {@code Bearer}
	 * @param expiresIn the seconds until the token expires
	 */
	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") long expiresIn) {

		@Override
		public String toString() {
			return "TokenResponse[access_token=(hidden), token_type=" + this.tokenType + ", expires_in="
					+ this.expiresIn + "]";
		}

	}

	/**
	 * The login request; its text form hides the password, because Spring MVC logs
	 * handler arguments at TRACE.
	 *
	 * @param username the user name
	 * @param password the password
	 */
	record Credentials(@NotNull String username, @NotNull String password) {

		@Override
		public String toString() {
			return "Credentials[username=" + this.username + ", password=(hidden)]";
		}

	}

}
