import Foundation

/// Locates test data: the package's own fixtures and the read-only
/// `../shared` folder beside the project (upstream corpora, real dashboards,
/// reference scrapes).
public enum Fixtures {
    /// The root of the Argus package (the folder holding `Package.swift`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ArgusTesting
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// `../shared` relative to the package root.
    public static let sharedDirectory: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// A file under `../shared`.
    public static func shared(_ relativePath: String) -> URL {
        sharedDirectory.appendingPathComponent(relativePath)
    }

    /// The bytes of a file under `../shared`.
    public static func sharedBytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: shared(relativePath)))
    }

    /// A file under `Tests/<target>/Fixtures/`.
    public static func testFixture(_ target: String, _ relativePath: String) -> URL {
        packageRoot.appendingPathComponent("Tests").appendingPathComponent(target).appendingPathComponent("Fixtures")
            .appendingPathComponent(relativePath)
    }

    /// A fresh temporary directory, removed by the caller with `removeItem`.
    public static func temporaryDirectory(_ prefix: String = "argus-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
