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
        let assets = Self.repositoryRoot.appendingPathComponent("assets")
        #expect(ProjectFolder.fonts(besideAssets: assets, environment: [:]).path == Self.repositoryRoot.appendingPathComponent("fonts").path)
        #expect(ProjectFolder.fonts(besideAssets: assets, environment: ["FICHE_FONT_DIR": "/opt/fonts"]).path == "/opt/fonts")
    }

    @Test func assetsCopiedElsewhereStillFindTheProjectsFonts() {
        let copied = URL(fileURLWithPath: "/nonexistent-fiche-copy/assets")
        let fromSourceTree = ProjectFolder.fonts(besideAssets: copied, environment: [:], currentDirectory: "/", executable: nil,
                                                 sourceTree: Self.repositoryRoot.appendingPathComponent("Sources/ProjectFiles"))
        #expect(fromSourceTree.standardizedFileURL.path == Self.repositoryRoot.appendingPathComponent("fonts").standardizedFileURL.path)
        // Found nowhere: the folder beside the assets, which the font error then names.
        let nowhere = ProjectFolder.fonts(besideAssets: copied, environment: [:], currentDirectory: "/", executable: nil, sourceTree: nil)
        #expect(nowhere.path == "/nonexistent-fiche-copy/fonts")
    }
}
