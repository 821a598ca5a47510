package io.jwtredis.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Closes one of jwt-redis's own Redis connections while the context stops, after the web
 * server has stopped taking requests and before Spring Data's
 * {@code LettuceConnectionFactory} (phase 0) shuts down the Lettuce client that the
 * connection belongs to. Closed any later, the client would find the connection already
 * gone and log a warning for each of its node connections.
 */
final class CloseBeforeRedisClientStops implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CloseBeforeRedisClientStops.class);

	private final AutoCloseable resource;

	private final int phase;

	private volatile boolean running;

	/**
	 * Create a lifecycle that closes the given resource.
	 * @param resource what to close on stop
	 * @param phase above 0, so that it stops before the connection factory; a higher
	 * phase stops earlier
	 */
	CloseBeforeRedisClientStops(AutoCloseable resource, int phase) {
		this.resource = resource;
		this.phase = phase;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.resource.close();
		}
		catch (Exception ex) {
			logger.debug("Failed to close a jwt-redis connection", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
