import ArgusConfig
import Foundation
import Testing

@Suite struct AuthorizationHeaderTests {
    /// A fresh directory holding `files`.
    func directory(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("argus-auth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, content) in files { try content.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    @Test func noCredentialsNoHeader() throws {
        #expect(try AuthorizationHeader(HTTPClientConfig(), directory: "").value() == nil)
    }

    @Test func basicAuthFromValuesAndFiles() throws {
        var http = HTTPClientConfig()
        http.basicAuth = BasicAuth(username: "user", password: Secret("pass"))
        #expect(try AuthorizationHeader(http, directory: "").value() == "Basic dXNlcjpwYXNz")
        let dir = try directory(["user": " user\n", "pass": "pass\n"])
        http.basicAuth?.usernameFile = "user"
        http.basicAuth?.passwordFile = dir + "/pass"
        http.basicAuth?.password = nil
        #expect(try AuthorizationHeader(http, directory: dir).value() == "Basic dXNlcjpwYXNz")
    }

    @Test func authorizationReadsItsFileEachTime() throws {
        let dir = try directory(["token": "one\n"])
        var http = HTTPClientConfig()
        http.authorization = Authorization(type: "Bearer", credentialsFile: "token")
        let header = AuthorizationHeader(http, directory: dir)
        #expect(try header.value() == "Bearer one")
        try "two".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        #expect(try header.value() == "Bearer two")
        http.authorization = Authorization(type: "Custom", credentials: Secret("c"))
        #expect(try AuthorizationHeader(http, directory: dir).value() == "Custom c")
    }

    @Test func missingFileNamesThePath() throws {
        var http = HTTPClientConfig()
        http.authorization = Authorization(credentialsFile: "missing")
        #expect {
            try AuthorizationHeader(http, directory: "/nonexistent").value()
        } throws: { error in
            (error as? CredentialFileError)?.path == "/nonexistent/missing"
                && "\(error)".hasPrefix("cannot read /nonexistent/missing: ")
        }
    }
}
