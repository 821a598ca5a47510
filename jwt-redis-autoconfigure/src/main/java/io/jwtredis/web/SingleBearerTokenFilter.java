package io.jwtredis.web;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 400 {@code invalid_request} to a request that carries more than one token:
 * several {@code Authorization} headers, or one plus an {@code access_token} parameter.
 * RFC 6750 section 2 forbids both, and Spring's resolver would otherwise settle them by
 * reading only the first header and ignoring the parameter.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2">RFC 6750 section 2</a>
 */
final class SingleBearerTokenFilter extends OncePerRequestFilter {

	private static final String ACCESS_TOKEN = "access_token";

	private final AuthenticationEntryPoint entryPoint;

	SingleBearerTokenFilter(AuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (headers != null && headers.hasMoreElements()) {
			headers.nextElement();
			if (headers.hasMoreElements() || hasAccessTokenParameter(request)) {
				this.entryPoint.commence(request, response, new OAuth2AuthenticationException(
						BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request")));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static boolean hasAccessTokenParameter(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query != null) {
			for (String pair : query.split("&")) {
				if (pair.equals(ACCESS_TOKEN) || pair.startsWith(ACCESS_TOKEN + "=")) {
					return true;
				}
			}
		}
		String contentType = request.getContentType();
		return contentType != null
				&& contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
				&& request.getParameterValues(ACCESS_TOKEN) != null;
	}

}
