package org.lineshub.hub.report;

import java.util.Map;

import org.lineshub.hub.system.InvalidRequestException;

/** The language of a CSV file's header row and labels: the user interface's, English or Russian. */
enum CsvLanguage {
    EN(Map.ofEntries(
            Map.entry("operator", "Operator"), Map.entry("sessionsHandled", "Sessions handled"),
            Map.entry("sessionsClosed", "Sessions closed"),
            Map.entry("avgFirstResponseSeconds", "Average first response, s"),
            Map.entry("p90FirstResponseSeconds", "90th percentile first response, s"),
            Map.entry("avgHandlingSeconds", "Average handling time, s"), Map.entry("messagesSent", "Messages sent"),
            Map.entry("slaBreaches", "SLA breaches"), Map.entry("onlineSeconds", "Time online, s"),
            Map.entry("awaySeconds", "Time away, s"),
            Map.entry("figure", "Figure"), Map.entry("value", "Value"),
            Map.entry("sessionsReceived", "Sessions received"),
            Map.entry("avgQueueSeconds", "Average wait in queue, s"),
            Map.entry("p90QueueSeconds", "90th percentile wait in queue, s"),
            Map.entry("answeredWithinSlaShare", "Share answered within SLA"),
            Map.entry("channel", "Channel: {0}"), Map.entry("hour", "Hour {0}"),
            Map.entry("id", "Session"), Map.entry("line", "Line"), Map.entry("channelType", "Channel"),
            Map.entry("account", "Channel account"), Map.entry("client", "Client"), Map.entry("status", "Status"),
            Map.entry("created", "Created ({0})"), Map.entry("assigned", "Assigned ({0})"),
            Map.entry("firstResponse", "First response ({0})"), Map.entry("closed", "Closed ({0})"),
            Map.entry("inboundMessages", "Client messages"), Map.entry("outboundMessages", "Replies"),
            Map.entry("queueSeconds", "Wait in queue, s"), Map.entry("firstResponseSeconds", "First response, s"),
            Map.entry("handlingSeconds", "Handling time, s"))),
    RU(Map.ofEntries(
            Map.entry("operator", "Оператор"), Map.entry("sessionsHandled", "Обработано сессий"),
            Map.entry("sessionsClosed", "Закрыто сессий"),
            Map.entry("avgFirstResponseSeconds", "Среднее время первого ответа, с"),
            Map.entry("p90FirstResponseSeconds", "90-й перцентиль первого ответа, с"),
            Map.entry("avgHandlingSeconds", "Среднее время обработки, с"),
            Map.entry("messagesSent", "Отправлено сообщений"), Map.entry("slaBreaches", "Нарушения SLA"),
            Map.entry("onlineSeconds", "Время в сети, с"), Map.entry("awaySeconds", "Время «отошёл», с"),
            Map.entry("figure", "Показатель"), Map.entry("value", "Значение"),
            Map.entry("sessionsReceived", "Поступило сессий"),
            Map.entry("avgQueueSeconds", "Среднее ожидание в очереди, с"),
            Map.entry("p90QueueSeconds", "90-й перцентиль ожидания в очереди, с"),
            Map.entry("answeredWithinSlaShare", "Доля отвеченных в срок SLA"),
            Map.entry("channel", "Канал: {0}"), Map.entry("hour", "Час {0}"),
            Map.entry("id", "Сессия"), Map.entry("line", "Линия"), Map.entry("channelType", "Канал"),
            Map.entry("account", "Учётная запись канала"), Map.entry("client", "Клиент"),
            Map.entry("status", "Статус"), Map.entry("created", "Создана ({0})"),
            Map.entry("assigned", "Назначена ({0})"), Map.entry("firstResponse", "Первый ответ ({0})"),
            Map.entry("closed", "Закрыта ({0})"), Map.entry("inboundMessages", "Сообщений клиента"),
            Map.entry("outboundMessages", "Ответов"), Map.entry("queueSeconds", "Ожидание в очереди, с"),
            Map.entry("firstResponseSeconds", "Первый ответ, с"), Map.entry("handlingSeconds", "Время обработки, с")));

    private final Map<String, String> texts;

    CsvLanguage(Map<String, String> texts) {
        this.texts = texts;
    }

    /**
     * @param lang {@code en} or {@code ru}; {@code null} for English
     * @return the language
     * @throws InvalidRequestException for any other value
     */
    static CsvLanguage of(String lang) {
        if (lang == null || lang.isBlank() || lang.equalsIgnoreCase("en")) {
            return EN;
        }
        if (lang.equalsIgnoreCase("ru")) {
            return RU;
        }
        throw new InvalidRequestException("lang", "lang must be en or ru");
    }

    /** @return the label, with {@code {0}} replaced by the argument when given */
    String text(String key, Object... argument) {
        String text = texts.get(key);
        return argument.length == 0 ? text : text.replace("{0}", String.valueOf(argument[0]));
    }
}
