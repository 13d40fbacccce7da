import GoTemplate
import PromTemplate
import Testing

/// Alert label and annotation expansion as Prometheus' rule manager does it; expectations
/// recorded with Go's text/template on the same preamble and data.
@Suite struct AlertTemplateTests {
    let data = AlertTemplate.data(
        labels: ["instance": "a:9100", "job": "node"], externalLabels: [:], externalURL: "http://prom:9090",
        value: 1234.5)

    func expand(_ text: String) -> String {
        AlertTemplate.expand(
            text, alertName: "HighLoad", data: data, timestampMilliseconds: 0, query: nil,
            externalURL: "http://prom:9090")
    }

    @Test func variables() {
        #expect(
            expand("{{ $labels.instance }} {{ $value }} [{{ $externalLabels.cluster }}] {{ $externalURL }}")
                == "a:9100 1234.5 [] http://prom:9090")
        #expect(expand(#"{{ printf "%.1f" $value }} {{ $labels }}"#) == "1234.5 map[instance:a:9100 job:node]")
        #expect(expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}") == "instance=a:9100 job=node ")
        #expect(expand("{{ if gt $value 1000.0 }}high{{ end }}") == "high")
        #expect(expand("{{ $labels.missing | len }}") == "0")
        #expect(expand("{{ . }}") == "{map[instance:a:9100 job:node] map[] http://prom:9090 1234.5}")
        #expect(expand("{{ $value | humanize }}") == "1.234k")
    }

    @Test func errorsAreReportedInline() {
        let prefix =
            "<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:"
        #expect(
            expand("{{ .Foo }}")
                == prefix
                + #"115: executing "__alert_HighLoad" at <.Foo>: can't evaluate field Foo in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }>"#
        )
        #expect(
            expand("{{ $value.x }}")
                == prefix + #"121: executing "__alert_HighLoad" at <$value.x>: can't evaluate field x in type float64>"#
        )
        #expect(
            expand("{{ index $labels 1 }}")
                == prefix
                + #"115: executing "__alert_HighLoad" at <index $labels 1>: error calling index: value has type int; should be string>"#
        )
        #expect(
            expand("{{ if gt $value 1000 }}high{{ end }}")
                == prefix
                + #"118: executing "__alert_HighLoad" at <gt $value 1000>: error calling gt: incompatible types for comparison>"#
        )
        #expect(
            expand("{{ nope }}")
                == #"<error expanding template: error parsing template __alert_HighLoad: template: __alert_HighLoad:1: function "nope" not defined>"#
        )
    }

    @Test func queryFailureIsAnError() {
        let result = AlertTemplate.expand(
            #"{{ query "up" }}"#, alertName: "A", data: data, timestampMilliseconds: 0,
            query: { _ in throw TemplateFunctionError("query timed out") }, externalURL: "")
        #expect(result.hasSuffix(#"at <query "up">: error calling query: query timed out>"#))
    }
}
