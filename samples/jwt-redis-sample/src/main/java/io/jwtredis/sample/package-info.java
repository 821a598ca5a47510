/**
 * Reference resource server for jwt-redis.
 */
@NullMarked
package io.jwtredis.sample;

import org.jspecify.annotations.NullMarked;
