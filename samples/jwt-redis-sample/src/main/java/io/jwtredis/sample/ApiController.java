package io.jwtredis.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The protected API.
 */
@RestController
class ApiController {

	@GetMapping("/api/me")
	Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sub", jwt.getSubject());
		body.put("scope", scopes(jwt));
		body.put("exp", jwt.getExpiresAt());
		return body;
	}

	@GetMapping("/api/admin")
	Map<String, Object> admin(@AuthenticationPrincipal Jwt jwt) {
		return Map.of("sub", jwt.getSubject(), "message", "Hello, administrator");
	}

	private static List<String> scopes(Jwt jwt) {
		String scope = jwt.getClaimAsString("scope");
		return (scope == null || scope.isBlank()) ? List.of() : List.of(scope.trim().split("\\s+"));
	}

}
