package io.jwtredis.autoconfigure;

import io.jwtredis.web.StoreUnavailableResponseFilter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class JwtRedisWebConfiguration {

	/** Runs ahead of Spring Security's filter chain (order -100 by default). */
	static final int FILTER_ORDER = -110;

	@Bean
	@ConditionalOnMissingBean(name = "jwtRedisStoreUnavailableFilter")
	FilterRegistrationBean<StoreUnavailableResponseFilter> jwtRedisStoreUnavailableFilter(
			JwtRedisProperties properties) {
		FilterRegistrationBean<StoreUnavailableResponseFilter> registration = new FilterRegistrationBean<>(
				new StoreUnavailableResponseFilter(properties.getRetryAfter()));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
