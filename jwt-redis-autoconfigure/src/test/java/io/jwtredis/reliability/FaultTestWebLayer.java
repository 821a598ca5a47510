package io.jwtredis.reliability;

import java.util.Map;

import io.jwtredis.web.JwtRedisConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web layer of {@link FaultTestApplication}: a stateless bearer-token resource server
 * with the jwt-redis logout endpoints and one protected endpoint.
 */
@Configuration(proxyBeanMethods = false)
class FaultTestWebLayer {

	@Bean
	SecurityFilterChain faultTestSecurity(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(JwtRedisConfigurer.bearerEntryPoint()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.with(JwtRedisConfigurer.jwtRedis(), Customizer.withDefaults());
		return http.build();
	}

	@RestController
	static class MeController {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
			return Map.of("sub", jwt.getSubject());
		}

	}

}
