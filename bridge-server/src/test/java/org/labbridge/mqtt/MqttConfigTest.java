package org.labbridge.mqtt;

import org.junit.jupiter.api.Test;
import org.labbridge.config.ConfigBinder;
import org.labbridge.config.ConfigException;
import org.labbridge.config.HostPort;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.GraphValidator;
import org.labbridge.daemon.config.MqttPublishNodeConfig;
import org.labbridge.daemon.config.MqttSubscribeNodeConfig;
import org.labbridge.daemon.config.MqttVersion;
import org.labbridge.daemon.config.TopicLevel;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttConfigTest {

    private static DaemonConfig parse(String nodes) throws ConfigException {
        DaemonConfig config = ConfigBinder.loadString("nodes:\n" + nodes, DaemonConfig.class, "test.yaml");
        GraphValidator.validate(config);
        return config;
    }

    private static String problems(String nodes) {
        return String.join("\n", assertThrows(ConfigException.class, () -> parse(nodes)).problems());
    }

    @Test
    void publishDefaultsRetainPerCodenameTopics() throws Exception {
        MqttPublishNodeConfig c = assertInstanceOf(MqttPublishNodeConfig.class, parse("""
                  - kind: mqtt-publish
                    name: up
                    broker: "broker.lab:1883"
                """).nodes().get(0));
        assertEquals(List.of(new HostPort("broker.lab", 1883)), c.broker());
        assertEquals("lab/{node}/{codename}", c.topic());
        assertEquals(1, c.qos());
        assertTrue(c.retain());
        assertEquals(MqttVersion.V3_1_1, c.protocolVersion());
        assertNull(c.clientId());
    }

    @Test
    void aFixedTopicIsNotRetainedByDefaultAndBrokersMayBeAList() throws Exception {
        MqttPublishNodeConfig c = assertInstanceOf(MqttPublishNodeConfig.class, parse("""
                  - kind: mqtt-publish
                    name: up
                    broker: ["a:1883", "b:1884"]
                    topic: "lab/{node}"
                    protocol_version: 5
                    qos: 2
                """).nodes().get(0));
        assertFalse(c.retain());
        assertEquals(2, c.broker().size());
        assertEquals(MqttVersion.V5, c.protocolVersion());
    }

    @Test
    void aTlsBlockBindsWithTheBridgesKeys() throws Exception {
        MqttSubscribeNodeConfig c = assertInstanceOf(MqttSubscribeNodeConfig.class, parse("""
                  - kind: mqtt-subscribe
                    name: down
                    broker: "broker.lab:8883"
                    topics: [a]
                    tls:
                      ca: /etc/labbridge/ca.pem
                      cert: /etc/labbridge/me.pem
                      key: /etc/labbridge/me.key
                      verify_hostname: false
                """).nodes().get(0));
        assertEquals("/etc/labbridge/ca.pem", c.tls().ca());
        assertEquals("/etc/labbridge/me.key", c.tls().key());
        assertFalse(c.tls().verifyHostname());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), c.tls().protocols());
        MqttPublishNodeConfig plain = assertInstanceOf(MqttPublishNodeConfig.class, parse("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                """).nodes().get(0));
        assertNull(plain.tls(), "no block: plain TCP");
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":8883"
                    tls: {cert: me.pem}
                """).contains("cert is set but key is not"));
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":8883"
                    tls: {ca: ca.pem, verify: true}
                """).contains("verify"));
    }

    @Test
    void badPublishSettingsAreNamed() {
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                    topic: "lab/{nod}/{codename}"
                """).contains("unknown placeholder {nod}"));
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                    topic: "lab/+/x"
                """).contains("+ and # are for subscriptions"));
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                    qos: 3
                """).contains("qos"));
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                    username: lab
                    password_file: /etc/pw
                    password_env: PW
                """).contains("set one, not both"));
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                    password_env: PW
                """).contains("needs a username"));
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                    protocol_version: 4.0
                """).contains("expected: 3.1.1 or 5"));
        assertTrue(problems("""
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                    password: secret
                """).contains("password"), "a password in the YAML is not an option");
    }

    @Test
    void subscribeTakesFiltersAndATopicLevel() throws Exception {
        MqttSubscribeNodeConfig c = assertInstanceOf(MqttSubscribeNodeConfig.class, parse("""
                  - kind: mqtt-subscribe
                    name: down
                    broker: ":1883"
                    topics: ["lab/+/set/#", "lab/x"]
                    codename_from: topic_level(-1)
                """).nodes().get(0));
        assertEquals(List.of("lab/+/set/#", "lab/x"), c.topics());
        assertEquals(new TopicLevel(-1), c.codenameFrom());
        assertEquals("temperature", c.codenameFrom().of("lab/oven/set/temperature"));
        assertEquals("lab", new TopicLevel(0).of("lab/oven"));
        assertNull(new TopicLevel(5).of("lab/oven"));
        assertNull(new TopicLevel(-1).of("lab/oven/"), "an empty level is no codename");
    }

    @Test
    void badFiltersAreNamed() {
        assertTrue(problems("""
                  - kind: mqtt-subscribe
                    name: down
                    broker: ":1883"
                    topics: ["lab/#/x"]
                """).contains("topic filter 'lab/#/x'"));
        assertTrue(problems("""
                  - kind: mqtt-subscribe
                    name: down
                    broker: ":1883"
                    topics: ["lab/a+"]
                """).contains("topic filter 'lab/a+'"));
        assertTrue(problems("""
                  - kind: mqtt-subscribe
                    name: down
                    broker: ":1883"
                """).contains("at least one topic filter"));
        assertTrue(problems("""
                  - kind: mqtt-subscribe
                    name: down
                    broker: ":1883"
                    topics: [a]
                    codename_from: last_level
                """).contains("topic_level(N)"));
    }

    /** The YAML block after README's {@code mqtt-example} marker, as written there. */
    static String readmeExample() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        int marker = readme.indexOf("<!-- mqtt-example");
        int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void theReadmeExampleIsValid() throws Exception {
        DaemonConfig config = ConfigBinder.loadString(readmeExample(), DaemonConfig.class, "README.md");
        GraphValidator.validate(config);
        MqttPublishNodeConfig publish = assertInstanceOf(MqttPublishNodeConfig.class, config.nodes().get(2));
        assertTrue(publish.retain());
        assertInstanceOf(MqttSubscribeNodeConfig.class, config.nodes().get(3));
    }

    @Test
    void mqttNodesConnectToTheGraph() throws Exception {
        DaemonConfig config = ConfigBinder.loadString("""
                nodes:
                  - kind: push
                    name: input
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                  - kind: mqtt-subscribe
                    name: down
                    broker: ":1883"
                    topics: [a]
                  - kind: date-pull
                    name: readings
                connections:
                  - from: input
                    to: [up]
                  - from: down
                    to: [readings]
                """, DaemonConfig.class, "t");
        GraphValidator.validate(config);
        ConfigException e = assertThrows(ConfigException.class, () -> GraphValidator.validate(ConfigBinder.loadString("""
                nodes:
                  - kind: mqtt-publish
                    name: up
                    broker: ":1883"
                  - kind: date-pull
                    name: readings
                connections:
                  - from: up
                    to: [readings]
                """, DaemonConfig.class, "t")));
        assertTrue(String.join("\n", e.problems()).contains("up"), e.problems().toString());
    }
}
