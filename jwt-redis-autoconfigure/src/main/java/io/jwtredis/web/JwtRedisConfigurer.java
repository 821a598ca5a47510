package io.jwtredis.web;

import io.jwtredis.core.JwtRevoker;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Adds the jwt-redis logout endpoints to a bearer-token {@link HttpSecurity}; apply it
 * with {@code http.with(JwtRedisConfigurer.jwtRedis(), Customizer.withDefaults())}.
 * <p>
 * The endpoints run just ahead of the resource server's bearer-token authentication and
 * resolve and validate the token the same way (its {@code BearerTokenResolver} bean, or
 * Spring Security's default, and its {@code JwtDecoder}). They are exempt from CSRF
 * protection, which a bearer token that browsers never send on their own does not need.
 * Requests with more than one token (two {@code Authorization} headers, or one plus an
 * {@code access_token} parameter) get 400 {@code invalid_request} before any token is
 * read.
 */
public final class JwtRedisConfigurer extends AbstractHttpConfigurer<JwtRedisConfigurer, HttpSecurity> {

	private String logoutPath = "/auth/logout";

	private String logoutAllPath = "/auth/logout-all";

	private boolean pathsSet;

	private @Nullable JwtRedisLogoutFilter logoutFilter;

	private AuthenticationEntryPoint entryPoint = bearerEntryPoint();

	private JwtRedisConfigurer() {
	}

	/**
	 * Return a new configurer.
	 * @return the configurer
	 */
	public static JwtRedisConfigurer jwtRedis() {
		return new JwtRedisConfigurer();
	}

	/**
	 * Set the paths of the logout endpoints, overriding {@code jwt.redis.logout.*}.
	 * @param logoutPath the path that revokes the presented token
	 * @param logoutAllPath the path that revokes every token of the presented token's
	 * subject
	 * @return this configurer
	 */
	public JwtRedisConfigurer logoutPaths(String logoutPath, String logoutAllPath) {
		this.logoutPath = logoutPath;
		this.logoutAllPath = logoutAllPath;
		this.pathsSet = true;
		return this;
	}

	/**
	 * Set the entry point that answers logout requests without a bearer token; use the
	 * one the resource server uses.
	 * @param entryPoint the entry point
	 * @return this configurer
	 */
	public JwtRedisConfigurer authenticationEntryPoint(AuthenticationEntryPoint entryPoint) {
		this.entryPoint = entryPoint;
		return this;
	}

	/**
	 * Return an entry point that challenges with a bare {@code WWW-Authenticate: Bearer}
	 * (RFC 6750 section 3), plus {@code error} attributes for a bad token, and no RFC
	 * 9728 {@code resource_metadata} link, which points at a document this service does
	 * not serve.
	 * @return the entry point
	 */
	public static AuthenticationEntryPoint bearerEntryPoint() {
		return new BearerChallengeEntryPoint();
	}

	@Override
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (!this.pathsSet && context != null) {
			this.logoutPath = context.getEnvironment().getProperty("jwt.redis.logout.path", this.logoutPath);
			this.logoutAllPath = context.getEnvironment().getProperty("jwt.redis.logout.all-path", this.logoutAllPath);
		}
		JwtRedisLogoutFilter filter = newFilter(http);
		this.logoutFilter = filter;
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(filter.matchers());
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		http.addFilterBefore(postProcess(new SingleBearerTokenFilter(this.entryPoint)),
				BearerTokenAuthenticationFilter.class);
		JwtRedisLogoutFilter filter = (this.logoutFilter != null) ? this.logoutFilter : newFilter(http);
		http.addFilterBefore(postProcess(filter), BearerTokenAuthenticationFilter.class);
	}

	private JwtRedisLogoutFilter newFilter(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		JwtRevoker revoker = context.getBean(JwtRevoker.class);
		JwtDecoder decoder = context.getBean(JwtDecoder.class);
		BearerTokenResolver resolver = context.getBeanProvider(BearerTokenResolver.class)
			.getIfUnique(DefaultBearerTokenResolver::new);
		JwtRedisLogoutFilter filter = new JwtRedisLogoutFilter(revoker, decoder, resolver, this.logoutPath,
				this.logoutAllPath);
		filter.setAuthenticationEntryPoint(this.entryPoint);
		return filter;
	}

}
