import Foundation
import GoTemplate
import Testing

/// Go's own output for each case, recorded by `GoldenGenerator/main.go` with Go 1.19.
struct GoldenCase: Decodable, CustomTestStringConvertible, Sendable {
    var name: String
    var template: String
    var data: String?
    var option: String?
    var output: String
    var error: String?

    var testDescription: String { name }
}

struct GoldenFile: Decodable {
    var go: String
    var defaultData: String
    var cases: [GoldenCase]

    static let shared: GoldenFile = {
        let url =
            Bundle.module.url(forResource: "golden", withExtension: "json", subdirectory: "Fixtures")
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "Fixtures/golden.json")
        do {
            return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot load golden.json: \(error)")
        }
    }()
}

@Suite struct GoldenTests {
    @Test func fileIsComplete() {
        #expect(GoldenFile.shared.cases.count >= 150)
    }

    @Test(arguments: GoldenFile.shared.cases)
    func matchesGo(_ golden: GoldenCase) throws {
        let data = try TemplateJSON.parse(golden.data ?? GoldenFile.shared.defaultData)
        var missingKey = Template.MissingKey.default
        switch golden.option {
        case "missingkey=zero": missingKey = .zero
        case "missingkey=error": missingKey = .error
        default: break
        }
        let result: Result<String, TemplateError>
        do {
            let template = try Template(name: "t", text: golden.template, missingKey: missingKey)
            result = .success(try template.execute(data: data))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let output):
            #expect(golden.error == nil, "expected error \(golden.error ?? "")")
            #expect(output == golden.output)
        case .failure(let error):
            #expect(error.message == golden.error)
        }
    }
}
