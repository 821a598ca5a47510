/**
 * A real Redis Cluster made of {@code redis-server} processes on the loopback interface,
 * for tests and local runs.
 */
@NullMarked
package io.jwtredis.embedded;

import org.jspecify.annotations.NullMarked;
