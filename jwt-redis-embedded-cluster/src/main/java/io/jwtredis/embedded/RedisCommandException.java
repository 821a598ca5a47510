package io.jwtredis.embedded;

/**
 * Thrown when a Redis node answers a command with an error reply; the message is the
 * Redis error text (for example {@code NOAUTH Authentication required.}).
 */
public class RedisCommandException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception carrying the Redis error text.
	 * @param message the error text as sent by Redis
	 */
	public RedisCommandException(String message) {
		super(message);
	}

	/**
	 * Return the error prefix, such as {@code NOAUTH}, {@code MOVED} or {@code ERR}.
	 * @return the first word of the error text
	 */
	public String errorCode() {
		String message = getMessage();
		int space = message.indexOf(' ');
		return (space < 0) ? message : message.substring(0, space);
	}

}
