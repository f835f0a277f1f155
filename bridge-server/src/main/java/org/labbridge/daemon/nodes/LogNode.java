package org.labbridge.daemon.nodes;

import org.labbridge.codec.python.PyJson;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.config.LogNodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.Locale;

/** Logs every message routed into it as one JSON line (logger {@code labbridge.log.<name>}). */
public final class LogNode extends AbstractNode<LogNodeConfig> {

    private final Logger log;
    private final Level level;

    public LogNode(LogNodeConfig config) {
        super(config);
        this.log = LoggerFactory.getLogger("labbridge.log." + config.name());
        this.level = Level.valueOf(config.level().toUpperCase(Locale.ROOT));
    }

    @Override
    public void start() {
    }

    @Override
    public void accept(Message message) {
        if (log.isEnabledForLevel(level)) {
            log.atLevel(level).log("{} from {} at {}", PyJson.dumps(message.values()), message.origin(),
                    message.received());
        }
    }

    @Override
    public void stop(Duration drain) {
    }

    @Override
    public String describe() {
        return "log (" + level + ")";
    }
}
