/**
 * Spring Boot integration that starts an embedded Redis Cluster when no Redis is
 * configured.
 */
@NullMarked
package io.jwtredis.embedded.boot;

import org.jspecify.annotations.NullMarked;
