import GoTemplate

/// Text marked as trusted HTML by `safeHtml` (Go's `template.HTML`): HTML
/// templates print it in element text without escaping.
struct SafeHTML: TemplateObject {
    var html: String

    var typeName: String { "template.HTML" }
    var stringerValue: String? { html }

    func isEqual(to other: any TemplateObject) -> Bool? {
        (other as? SafeHTML).map { $0.html == html } ?? false
    }
}
