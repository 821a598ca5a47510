package io.jwtredis.web;

import java.io.IOException;

import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.RevocationCheckingJwtDecoder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code POST} logout and "log out everywhere" for bearer tokens, ahead of the
 * resource server's own bearer-token authentication, and answers 204 once the revocation
 * is durable.
 * <p>
 * The token is resolved by the resource server's {@link BearerTokenResolver} and
 * validated by its {@link JwtDecoder}. Logout is idempotent: a token that is already
 * revoked but otherwise valid is revoked again and gets 204, so a client whose earlier
 * logout answered 503 can retry until it sees 204. "Log out everywhere" needs a token
 * that is not revoked, so that a revoked token cannot keep moving its user's cut-off.
 * Without a usable token both answer like the resource server: 401 with a
 * {@code WWW-Authenticate: Bearer} challenge. Other methods on these paths get 405.
 */
public final class JwtRedisLogoutFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(JwtRedisLogoutFilter.class);

	private final JwtRevoker revoker;

	private final JwtDecoder decoder;

	private final BearerTokenResolver resolver;

	private final RequestMatcher logout;

	private final RequestMatcher logoutAll;

	private final RequestMatcher anyMethod;

	private AuthenticationEntryPoint entryPoint = JwtRedisConfigurer.bearerEntryPoint();

	public JwtRedisLogoutFilter(JwtRevoker revoker, JwtDecoder decoder, BearerTokenResolver resolver, String logoutPath,
			String logoutAllPath) {
		Assert.notNull(revoker, "revoker must not be null");
		Assert.notNull(decoder, "decoder must not be null");
		Assert.notNull(resolver, "resolver must not be null");
		this.revoker = revoker;
		this.decoder = decoder;
		this.resolver = resolver;
		this.logout = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, logoutPath);
		this.logoutAll = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, logoutAllPath);
		this.anyMethod = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(logoutPath),
				PathPatternRequestMatcher.withDefaults().matcher(logoutAllPath));
	}

	/**
	 * Set the entry point that answers requests without a usable token.
	 * @param entryPoint the entry point
	 */
	public void setAuthenticationEntryPoint(AuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		this.entryPoint = entryPoint;
	}

	/**
	 * Return the matchers of the logout and "log out everywhere" requests.
	 * @return the matchers
	 */
	RequestMatcher[] matchers() {
		return new RequestMatcher[] { this.logout, this.logoutAll };
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean single = this.logout.matches(request);
		if (!single && !this.logoutAll.matches(request)) {
			if (this.anyMethod.matches(request)) {
				response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
				response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		try {
			String token = this.resolver.resolve(request);
			if (token == null) {
				throw new InsufficientAuthenticationException("A bearer token is required to log out");
			}
			if (single) {
				this.revoker.revoke(decodeIgnoringRevocation(token));
				logger.debug("Revoked the presented token");
			}
			else {
				this.revoker.revokeAll(decode(token).getSubject());
				logger.debug("Revoked every token of the presented token's subject");
			}
		}
		catch (AuthenticationException ex) {
			this.entryPoint.commence(request, response, ex);
			return;
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

	private Jwt decodeIgnoringRevocation(String token) {
		if (this.decoder instanceof RevocationCheckingJwtDecoder checking) {
			try {
				return checking.decodeWithoutRevocationCheck(token);
			}
			catch (BadJwtException ex) {
				throw new InvalidBearerTokenException(ex.getMessage(), ex);
			}
		}
		return decode(token);
	}

	private Jwt decode(String token) {
		try {
			return this.decoder.decode(token);
		}
		catch (BadJwtException ex) {
			throw new InvalidBearerTokenException(ex.getMessage(), ex);
		}
	}

}
