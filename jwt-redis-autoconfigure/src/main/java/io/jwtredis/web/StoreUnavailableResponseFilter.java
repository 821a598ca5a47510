package io.jwtredis.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jwtredis.core.RevocationStoreUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 with {@code Retry-After} and an RFC 9457 problem body when a request fails
 * because the revocation store could not answer, instead of the 500 the exception would
 * otherwise become. Register it ahead of the Spring Security filter chain.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>
 */
public final class StoreUnavailableResponseFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(StoreUnavailableResponseFilter.class);

	private static final byte[] BODY = """
			{"type":"about:blank","title":"Service Unavailable","status":503,\
			"detail":"Token revocation status cannot be checked right now. Retry later."}"""
		.getBytes(StandardCharsets.UTF_8);

	private final String retryAfterSeconds;

	public StoreUnavailableResponseFilter(Duration retryAfter) {
		this.retryAfterSeconds = Long.toString(Math.max(1, retryAfter.toSeconds()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!isStoreUnavailable(ex) || response.isCommitted()) {
				throw ex;
			}
			logger.debug("Answering 503 because the revocation store is unavailable");
			writeUnavailable(response, this.retryAfterSeconds);
		}
	}

	/**
	 * Write a 503 problem response.
	 * @param response the response
	 * @param retryAfterSeconds the {@code Retry-After} value
	 * @throws IOException on a write failure
	 */
	static void writeUnavailable(HttpServletResponse response, String retryAfterSeconds) throws IOException {
		response.resetBuffer();
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType("application/problem+json");
		response.setContentLength(BODY.length);
		response.getOutputStream().write(BODY);
		response.flushBuffer();
	}

	static boolean isStoreUnavailable(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 16; depth++) {
			if (current instanceof RevocationStoreUnavailableException) {
				return true;
			}
			current = current.getCause();
		}
		return false;
	}

}
