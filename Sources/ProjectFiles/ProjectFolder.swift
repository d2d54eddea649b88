import Foundation

/// Finds the project's own folders (`assets/`, `fonts/`) at run time, wherever the tool is
/// run from: walking up from the current directory, then from the executable's folder.
package enum ProjectFolder {
    /// The folders a search starts from: the current directory and the executable's folder.
    package static func standardStarts(currentDirectory: String = FileManager.default.currentDirectoryPath,
                                      executable: String? = CommandLine.arguments.first) -> [URL] {
        var starts = [URL(fileURLWithPath: currentDirectory)]
        if let executable {
            starts.append(URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: currentDirectory))
                .resolvingSymlinksInPath().deletingLastPathComponent())
        }
        return starts
    }

    /// The first folder called `name` that holds a folder `marker`, found by walking up at
    /// most 12 levels from each start in turn; nil when none, with every path tried.
    package static func find(_ name: String, holding marker: String, from starts: [URL]) -> (found: URL?, tried: [String]) {
        var tried: [String] = []
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<12 {
                let candidate = dir.appendingPathComponent(name)
                tried.append(candidate.path)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path, isDirectory: &isDirectory),
                   isDirectory.boolValue {
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
