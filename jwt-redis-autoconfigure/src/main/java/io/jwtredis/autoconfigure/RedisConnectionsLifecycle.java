package io.jwtredis.autoconfigure;

import java.util.function.Consumer;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Releases the Redis connections of jwt-redis's beans of one type when the context stops
 * or pauses, and lets them connect again when it starts.
 * <p>
 * It runs in a phase above 0, so after the web server has stopped taking requests and
 * before Spring Data's {@code LettuceConnectionFactory} (phase 0) shuts down the Lettuce
 * client that the connections belong to; closed any later, Lettuce would warn about every
 * connection it found already gone. Only beans that already exist are touched: stopping
 * never creates one.
 *
 * @param <T> the bean type
 */
final class RedisConnectionsLifecycle<T> implements SmartLifecycle {

	private final ConfigurableListableBeanFactory beanFactory;

	private final Class<T> type;

	private final Consumer<T> onStop;

	private final Consumer<T> onRestart;

	private final int phase;

	private volatile boolean running;

	private volatile boolean stopped;

	/**
	 * Create a lifecycle for the beans of one type.
	 * @param beanFactory where the beans live
	 * @param type the bean type
	 * @param onStop releases a bean's connections
	 * @param onRestart lets a bean connect again after a stop
	 * @param phase above 0; a higher phase stops earlier
	 */
	RedisConnectionsLifecycle(ConfigurableListableBeanFactory beanFactory, Class<T> type, Consumer<T> onStop,
			Consumer<T> onRestart, int phase) {
		this.beanFactory = beanFactory;
		this.type = type;
		this.onStop = onStop;
		this.onRestart = onRestart;
		this.phase = phase;
	}

	@Override
	public void start() {
		if (this.stopped) {
			forEachExisting(this.onRestart);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopped = true;
		forEachExisting(this.onStop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	private void forEachExisting(Consumer<T> action) {
		for (String name : this.beanFactory.getBeanNamesForType(this.type, false, false)) {
			if (this.beanFactory.containsSingleton(name)) {
				action.accept(this.beanFactory.getBean(name, this.type));
			}
		}
	}

}
