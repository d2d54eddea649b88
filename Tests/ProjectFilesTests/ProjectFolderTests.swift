import Foundation
@testable import ProjectFiles
import Testing

/// The one rule every command follows to find the project's assets and fonts.
@Suite struct ProjectFolderTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func assetsAreFoundFromExplicitPathEnvironmentOrByWalkingUp() throws {
        let nested = Self.repositoryRoot.appendingPathComponent("Sources/Mailing").path
        let found = try ProjectFolder.assets(environment: [:], currentDirectory: nested, executable: nil, sourceTree: nil)
        #expect(found.standardizedFileURL.path == Self.repositoryRoot.appendingPathComponent("assets").standardizedFileURL.path)
        #expect(try ProjectFolder.assets(explicit: "/x/assets", environment: [:]).path == "/x/assets")
        #expect(try ProjectFolder.assets(environment: ["FICHE_ASSETS": "/y"], currentDirectory: "/").path == "/y")
    }

    @Test func missingAssetsAreReportedWithEveryPathTried() {
        #expect(throws: AssetsNotFound.self) {
            try ProjectFolder.assets(environment: [:], currentDirectory: "/", executable: "/usr/bin/true", sourceTree: nil)
        }
        do {
            _ = try ProjectFolder.assets(environment: [:], currentDirectory: "/tmp", executable: nil, sourceTree: nil)
        } catch let error as AssetsNotFound {
            #expect(error.tried.contains("/tmp/assets") && error.tried.contains("/assets"))
            #expect(error.description.contains("FICHE_ASSETS"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func fontsAreBesideTheAssetsUnlessTheEnvironmentSaysOtherwise() {
        let assets = URL(fileURLWithPath: "/srv/fiche/assets")
        #expect(ProjectFolder.fonts(besideAssets: assets, environment: [:]).path == "/srv/fiche/fonts")
        #expect(ProjectFolder.fonts(besideAssets: assets, environment: ["FICHE_FONT_DIR": "/opt/fonts"]).path == "/opt/fonts")
    }
}
