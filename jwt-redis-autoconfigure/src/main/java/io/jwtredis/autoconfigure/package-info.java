/**
 * Auto-configuration of jwt-redis for Spring Boot.
 */
@NullMarked
package io.jwtredis.autoconfigure;

import org.jspecify.annotations.NullMarked;
