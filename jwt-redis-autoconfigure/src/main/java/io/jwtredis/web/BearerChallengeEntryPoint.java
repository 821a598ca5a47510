package io.jwtredis.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.StringUtils;

/**
 * Challenges for a bearer token as RFC 6750 section 3 describes: a bare
 * {@code WWW-Authenticate: Bearer} when no token came, and the {@code error},
 * {@code error_description}, {@code error_uri} and {@code scope} attributes when one was
 * refused.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 section 3</a>
 */
final class BearerChallengeEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) {
		HttpStatus status = HttpStatus.UNAUTHORIZED;
		Map<String, String> attributes = new LinkedHashMap<>();
		if (authException instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			attributes.put("error", error.getErrorCode());
			putIfText(attributes, "error_description", error.getDescription());
			putIfText(attributes, "error_uri", error.getUri());
			if (error instanceof BearerTokenError bearer) {
				putIfText(attributes, "scope", bearer.getScope());
				status = bearer.getHttpStatus();
			}
		}
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(attributes));
	}

	static String challenge(Map<String, String> attributes) {
		StringBuilder header = new StringBuilder("Bearer");
		String separator = " ";
		for (Map.Entry<String, String> attribute : attributes.entrySet()) {
			header.append(separator).append(attribute.getKey()).append("=\"");
			header.append(attribute.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
			separator = ", ";
		}
		return header.toString();
	}

	private static void putIfText(Map<String, String> attributes, String name, String value) {
		if (StringUtils.hasText(value)) {
			attributes.put(name, value);
		}
	}

}
