import Foundation

/// Finds the project's own folders (`assets/`, `fonts/`) at run time, wherever the tool is
/// run from: walking up from the current directory, then from the executable's folder.
package enum ProjectFolder {
    /// The folders a search starts from: the current directory and the executable's folder.
    static func standardStarts(currentDirectory: String = FileManager.default.currentDirectoryPath,
                                      executable: String? = CommandLine.arguments.first) -> [URL] {
        var starts = [URL(fileURLWithPath: currentDirectory)]
        if let executable {
            starts.append(URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: currentDirectory))
                .resolvingSymlinksInPath().deletingLastPathComponent())
        }
        return starts
    }

    /// The first folder called `name` that holds a folder `marker` (any folder `name` when
    /// `marker` is nil), found by walking up at most 12 levels from each start in turn; nil when
    /// none, with every path tried.
    static func find(_ name: String, holding marker: String?, from starts: [URL]) -> (found: URL?, tried: [String]) {
        var tried: [String] = []
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<12 {
                let candidate = dir.appendingPathComponent(name)
                tried.append(candidate.path)
                if isFolder(marker.map { candidate.appendingPathComponent($0) } ?? candidate) {
                    return (candidate, tried)
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return (nil, tried)
    }
}

/// The project's `assets/` folder could not be found.
struct AssetsNotFound: Error, CustomStringConvertible {
    /// Every path tried, in order.
    let tried: [String]

    package var description: String {
        "no assets folder found (give --assets DIR where offered, or set FICHE_ASSETS, or run from the project folder); looked in: "
            + tried.joined(separator: ", ")
    }
}

extension ProjectFolder {
    /// The `assets` folder, the one rule every command follows: `explicit` (an `--assets`
    /// option) if given, else `$FICHE_ASSETS`, else the first `assets/` holding `fiche/` found
    /// walking up from the current directory, then from the executable's folder, then from
    /// `sourceTree` (this source tree: for tests and tools run from elsewhere).
    package static func assets(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String? = CommandLine.arguments.first,
        sourceTree: URL? = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    ) throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let fromEnvironment = environment["FICHE_ASSETS"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        let starts = standardStarts(currentDirectory: currentDirectory, executable: executable) + (sourceTree.map { [$0] } ?? [])
        let search = find("assets", holding: "fiche", from: starts)
        if let found = search.found { return found }
        throw AssetsNotFound(tried: search.tried)
    }

    /// The font folder: `$FICHE_FONT_DIR`, else `fonts/` beside the assets folder (where the
    /// project keeps its bundled Inter), else the first `fonts/` found walking up from the
    /// current directory, then from the executable's folder, then from `sourceTree` (assets
    /// copied elsewhere still find the project's fonts). When none is found, the folder beside
    /// the assets, so that the error names where the fonts were expected.
    package static func fonts(
        besideAssets assets: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String? = CommandLine.arguments.first,
        sourceTree: URL? = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    ) -> URL {
        if let fromEnvironment = environment["FICHE_FONT_DIR"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        let beside = assets.deletingLastPathComponent().appendingPathComponent("fonts")
        if isFolder(beside) { return beside }
        let starts = standardStarts(currentDirectory: currentDirectory, executable: executable) + (sourceTree.map { [$0] } ?? [])
        return find("fonts", holding: nil, from: starts).found ?? beside
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
