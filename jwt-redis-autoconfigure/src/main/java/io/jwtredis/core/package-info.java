/**
 * Revocation of HS256 JWTs: Redis key layout, store, decoder decorator and token issuer.
 */
@NullMarked
package io.jwtredis.core;

import org.jspecify.annotations.NullMarked;
