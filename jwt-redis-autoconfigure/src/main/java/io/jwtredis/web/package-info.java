/**
 * Servlet web support: logout endpoints and the mapping of store outages to 503
 * responses.
 */
@NullMarked
package io.jwtredis.web;

import org.jspecify.annotations.NullMarked;
