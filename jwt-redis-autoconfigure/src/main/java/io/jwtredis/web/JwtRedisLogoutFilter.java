package io.jwtredis.web;

import java.io.IOException;

import io.jwtredis.core.JwtRevoker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code POST} logout and "log out everywhere" for bearer-token requests: it
 * revokes the token that the resource server has just authenticated (so the token is
 * resolved exactly as the resource server resolves it) and answers 204. Without a valid
 * bearer token it answers as the resource server would, 401 with
 * {@code WWW-Authenticate: Bearer}.
 */
public final class JwtRedisLogoutFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(JwtRedisLogoutFilter.class);

	private final JwtRevoker revoker;

	private final RequestMatcher logout;

	private final RequestMatcher logoutAll;

	private final RequestMatcher anyMethod;

	private AuthenticationEntryPoint entryPoint = JwtRedisConfigurer.bearerEntryPoint();

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	public JwtRedisLogoutFilter(JwtRevoker revoker, String logoutPath, String logoutAllPath) {
		Assert.notNull(revoker, "revoker must not be null");
		this.revoker = revoker;
		this.logout = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, logoutPath);
		this.logoutAll = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, logoutAllPath);
		this.anyMethod = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(logoutPath),
				PathPatternRequestMatcher.withDefaults().matcher(logoutAllPath));
	}

	/**
	 * Set the entry point that answers requests without a valid token.
	 * @param entryPoint the entry point
	 */
	public void setAuthenticationEntryPoint(AuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		this.entryPoint = entryPoint;
	}

	/**
	 * Set the strategy that holds the security context.
	 * @param contextHolder the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy contextHolder) {
		Assert.notNull(contextHolder, "contextHolder must not be null");
		this.contextHolder = contextHolder;
	}

	/**
	 * Return the matcher of the logout and "log out everywhere" requests.
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
		Authentication authentication = this.contextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			this.entryPoint.commence(request, response,
					new InsufficientAuthenticationException("A bearer token is required to log out"));
			return;
		}
		if (single) {
			this.revoker.revoke(token.getToken());
			logger.debug("Revoked the presented token");
		}
		else {
			this.revoker.revokeAll(token.getToken().getSubject());
			logger.debug("Revoked every token of the presented token's subject");
		}
		this.contextHolder.clearContext();
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

}
