import ArgumentParser
import Canvas
import Foundation

/// The path options a command takes, refused when given empty (`--output ""` would
/// otherwise mean the current folder, or fail with a raw system error): a refusal like the
/// others the README lists, with exit status 1 (not ArgumentParser's 64 for usage errors).
package func checkPathOptions(_ options: [(name: String, value: String?)]) throws {
    for (name, value) in options where value?.isEmpty == true {
        printNote("error: \(name): the path is empty; give a file or folder name")
        throw ExitCode(1)
    }
}

/// Runs a drawing body, turning Canvas errors (fonts, cairo) into a clean message and exit status 1.
package func reportingCanvasErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CanvasError {
        printNote("error: \(error)")
        throw ExitCode(1)
    }
}

