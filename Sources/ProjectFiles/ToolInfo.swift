/// Facts about this build of the tool (0.4.0: région fiches, INSEE codes in file names and
/// JSON). Here, below every stage, so that the fiche's metadata can name the version too.
package enum ToolInfo {
    package static let version = "0.4.0"
}
