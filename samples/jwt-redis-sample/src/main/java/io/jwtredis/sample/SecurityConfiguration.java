package io.jwtredis.sample;

import io.jwtredis.web.JwtRedisConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A stateless bearer-token resource server with the jwt-redis logout endpoints.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/auth/token")
			.permitAll()
			.requestMatchers("/actuator/health", "/error")
			.permitAll()
			.requestMatchers("/api/admin")
			.hasAuthority("SCOPE_admin")
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(JwtRedisConfigurer.bearerEntryPoint()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.with(JwtRedisConfigurer.jwtRedis(), Customizer.withDefaults());
		return http.build();
	}

	/**
	 * Resolves bearer tokens as Spring Security does by default, except on the public
	 * login and health endpoints, where a stale token a client still sends must not get
	 * in the way.
	 */
	@Bean
	BearerTokenResolver bearerTokenResolver() {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		RequestMatcher publicEndpoints = new OrRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/auth/token"),
				PathPatternRequestMatcher.withDefaults().matcher("/actuator/health"));
		return (request) -> publicEndpoints.matches(request) ? null : resolver.resolve(request);
	}

}
