/// The templates every Alertmanager configuration can use: one definition
/// for each name Alertmanager 0.25 ships (`__subject`, `slack.default.title`,
/// `email.default.html`, …).
///
/// The text templates are written for Argus and render exactly what
/// Alertmanager's render for the same data. `email.default.html` is a
/// simpler HTML document of Argus' own design carrying the same information
/// (the group, each firing and resolved alert's labels, annotations and
/// source link, and links to Alertmanager); its markup differs from
/// Alertmanager's.
enum DefaultTemplates {
    /// The template files, by the names their parse errors would show.
    static let files: [(name: String, source: String)] = [
        ("default.tmpl", common + integrations),
        ("email.tmpl", email),
    ]

    /// Names shared by the integrations: product name, links, subject line
    /// and the plain-text alert list.
    static let common = #"""
        {{- define "__alertmanager" -}} Alertmanager {{- end }}
        {{- define "__alertmanagerURL" -}}
        {{ printf "%s/#/alerts?receiver=%s" .ExternalURL (urlquery .Receiver) }}
        {{- end }}
        {{- define "__subject" -}}
        [{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}]
        {{- printf " %s " (join " " .GroupLabels.Values) }}
        {{- if gt (len .CommonLabels) (len .GroupLabels) -}}
        ({{ $rest := .CommonLabels.Remove .GroupLabels.Names }}{{ if $rest }}{{ join " " $rest.Values }}{{ end }})
        {{- end }}
        {{- end }}
        {{- define "__description" }}{{ end }}
        {{- define "__text_alert_list" -}}
        {{ range $alert := . -}}
        Labels:
        {{ range $alert.Labels.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
        Annotations:
        {{ range $alert.Annotations.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
        Source: {{ $alert.GeneratorURL }}
        {{ end -}}
        {{ end }}

        """#

    /// The annotations line followed by the firing and resolved lists, each
    /// under its heading; `padded` puts a blank line around each section, as
    /// the Pushover, SNS, Telegram, Discord and Webex messages have.
    static func alertSections(padded: Bool) -> String {
        let pad = padded ? "\n" : ""
        return ["Firing", "Resolved"].map { kind in
            #"{{ with .Alerts.\#(kind) }}\#(pad)Alerts \#(kind):{{ "\n" }}{{ template "__text_alert_list" . }}\#(pad){{ end }}"#
        }.joined(separator: "\n") + pad
    }

    /// `name` defined as a call of `target`.
    private static func alias(_ name: String, _ target: String) -> String {
        #"{{ define "\#(name)" }}{{ template "\#(target)" . }}{{ end }}"# + "\n"
    }

    /// Names defined as empty.
    private static func empty(_ names: String...) -> String {
        names.map { #"{{ define "\#($0)" }}{{ end }}"# + "\n" }.joined()
    }

    private static let annotations = #"{{ join " " .CommonAnnotations.Values }}"# + "\n"

    private static func define(_ name: String, _ body: String) -> String {
        #"{{ define "\#(name)" }}"# + body + "{{ end }}\n"
    }

    static let integrations: String = {
        var s = ""
        s += alias("slack.default.title", "__subject")
        s += alias("slack.default.username", "__alertmanager")
        s += define(
            "slack.default.fallback",
            #"{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}"#)
        s += empty("slack.default.callbackid", "slack.default.pretext")
        s += alias("slack.default.titlelink", "__alertmanagerURL")
        s += empty("slack.default.iconemoji", "slack.default.iconurl", "slack.default.text", "slack.default.footer")

        s += alias("pagerduty.default.description", "__subject")
        s += alias("pagerduty.default.client", "__alertmanager")
        s += alias("pagerduty.default.clientURL", "__alertmanagerURL")
        s += alias("pagerduty.default.instances", "__text_alert_list")

        s += alias("opsgenie.default.message", "__subject")
        s += define("opsgenie.default.description", annotations + alertSections(padded: false))
        s += alias("opsgenie.default.source", "__alertmanagerURL")

        s += define(
            "wechat.default.message",
            #"{{ template "__subject" . }}"# + "\n" + annotations + alertSections(padded: false)
                + "\nAlertmanagerUrl:\n" + #"{{ template "__alertmanagerURL" . }}"#)
        s += empty(
            "wechat.default.to_user", "wechat.default.to_party", "wechat.default.to_tag", "wechat.default.agent_id")

        s += define("victorops.default.state_message", annotations + alertSections(padded: false))
        s += alias("victorops.default.entity_display_name", "__subject")
        s += alias("victorops.default.monitoring_tool", "__alertmanager")

        s += alias("pushover.default.title", "__subject")
        s += define("pushover.default.message", annotations + alertSections(padded: true))
        s += alias("pushover.default.url", "__alertmanagerURL")

        s += alias("sns.default.subject", "__subject")
        s += define("sns.default.message", annotations + alertSections(padded: true))

        s += define("telegram.default.message", "\n" + alertSections(padded: true))

        s += alias("discord.default.title", "__subject")
        s += define("discord.default.message", "\n" + alertSections(padded: true))

        s += define("webex.default.message", annotations + alertSections(padded: true))
        return s
    }()

    /// The e-mail subject, and an HTML body of Argus' own design.
    static let email: String = {
        let alert = #"""
            <p>
            <strong>Labels</strong><br>
            {{- range .Labels.SortedPairs }}
            {{ .Name }} = {{ .Value }}<br>
            {{- end }}
            {{- if .Annotations }}
            <strong>Annotations</strong><br>
            {{- range .Annotations.SortedPairs }}
            {{ .Name }} = {{ .Value }}<br>
            {{- end }}
            {{- end }}
            <a href="{{ .GeneratorURL }}">Source</a>
            </p>
            """#
        return #"""
            {{ define "email.default.subject" }}{{ template "__subject" . }}{{ end }}
            {{ define "email.default.html" -}}
            <!DOCTYPE html>
            <html>
            <head>
            <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
            <meta name="viewport" content="width=device-width">
            <title>{{ template "__subject" . }}</title>
            </head>
            <body style="margin: 0; padding: 20px; background-color: #f6f6f6; font-family: Helvetica, Arial, sans-serif; font-size: 14px;">
            <div style="max-width: 600px; margin: 0 auto; padding: 20px 30px; background-color: #fff; border: 1px solid #e9e9e9; border-radius: 3px;">
            <h2 style="padding: 20px; color: #fff; text-align: center; background-color: {{ if .Alerts.Firing }}#E6522C{{ else }}#68B90F{{ end }};">
            {{- len .Alerts }} alert{{ if gt (len .Alerts) 1 }}s{{ end }} for
            {{- range .GroupLabels.SortedPairs }} {{ .Name }}={{ .Value }}{{ end -}}
            </h2>
            <p><a href="{{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}">View in {{ template "__alertmanager" . }}</a></p>
            {{- with .Alerts.Firing }}
            <h3>[{{ len . }}] Firing</h3>
            {{- range . }}
            \#(alert)
            {{- end }}
            {{- end }}
            {{- with .Alerts.Resolved }}
            {{- if $.Alerts.Firing }}
            <hr>
            {{- end }}
            <h3>[{{ len . }}] Resolved</h3>
            {{- range . }}
            \#(alert)
            {{- end }}
            {{- end }}
            </div>
            <p style="text-align: center; color: #999; font-size: 12px;"><a href="{{ .ExternalURL }}">Sent by {{ template "__alertmanager" . }}</a></p>
            </body>
            </html>
            {{ end }}

            """#
    }()
}
