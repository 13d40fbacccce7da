import Foundation
import GoTemplate
import HTTPTypes
import Hummingbird
import NIOCore

extension MetricsServer {
    /// The web UI's pages, as Prometheus 2.42 names them; each serves the
    /// same document and the script draws the page from the HTTP API.
    static let webUIPages = [
        "graph", "alerts", "targets", "rules", "service-discovery", "status", "flags", "config", "tsdb-status",
    ]

    /// The web UI: `/` redirects to `/graph` as Prometheus does, the pages
    /// share one document (`WebUI/index.html`, the route prefix filled in)
    /// and `/static/` holds its script and style sheet, all compiled into
    /// the binary.
    func registerWebUI(_ root: RouterGroup<MetricsRequestContext>, prefix: String) {
        root.get("/") { _, _ in
            Response(status: .found, headers: [.location: "\(prefix)/graph"])
        }
        let document = String(decoding: PackageResources.index_html, as: UTF8.self)
            .replacingOccurrences(of: "{{PREFIX}}", with: GoEscaper.html(prefix))
        let html = ByteBuffer(string: document)
        for page in Self.webUIPages {
            root.get(RouterPath(page)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                    body: ResponseBody(byteBuffer: html))
            }
        }
        let assets: [(name: String, type: String, bytes: [UInt8])] = [
            ("argus.js", "application/javascript; charset=utf-8", PackageResources.argus_js),
            ("argus.css", "text/css; charset=utf-8", PackageResources.argus_css),
        ]
        for asset in assets {
            let body = ByteBuffer(bytes: asset.bytes)
            root.get(RouterPath("static/\(asset.name)")) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: asset.type],
                    body: ResponseBody(byteBuffer: body))
            }
        }
    }
}
