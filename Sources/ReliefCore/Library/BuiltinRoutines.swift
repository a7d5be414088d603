/// The routines embedded in the binary, from the TOML files in `Sources/ReliefCore/Routines/`.
///
/// Each file is listed in Package.swift as `.embedInCode("Routines/NAME.toml")` and here,
/// so the installed executable needs no data files. A test checks that every file in the
/// folder is registered and that every built-in passes validation. Built-ins are parsed by
/// the same loader as user files, so their format is exactly the one users copy.
public enum BuiltinRoutines {
    /// Every built-in routine file's name and bytes, sorted by name.
    static let files: [(name: String, bytes: [UInt8])] = [
        ("back-stretcher", PackageResources.back_stretcher_toml),
        ("ball-massage", PackageResources.ball_massage_toml),
        ("bridge", PackageResources.bridge_toml),
        ("cat-cow", PackageResources.cat_cow_toml),
        ("chair-back-extension", PackageResources.chair_back_extension_toml),
        ("chest-opener", PackageResources.chest_opener_toml),
        ("childs-pose", PackageResources.childs_pose_toml),
        ("deep-breathing", PackageResources.deep_breathing_toml),
        ("downward-dog", PackageResources.downward_dog_toml),
        ("foam-roller", PackageResources.foam_roller_toml),
        ("full-session", PackageResources.full_session_toml),
        ("heat-or-cold", PackageResources.heat_or_cold_toml),
        ("neck-rolls", PackageResources.neck_rolls_toml),
        ("plank", PackageResources.plank_toml),
        ("posture-break", PackageResources.posture_break_toml),
        ("resistance-band-row", PackageResources.resistance_band_row_toml),
        ("rotational-stretch", PackageResources.rotational_stretch_toml),
        ("seated-thoracic-twist", PackageResources.seated_thoracic_twist_toml),
        ("self-hug", PackageResources.self_hug_toml),
        ("shoulder-shrugs", PackageResources.shoulder_shrugs_toml),
        ("swimming", PackageResources.swimming_toml),
        ("thoracic-extension", PackageResources.thoracic_extension_toml),
        ("trigger-point", PackageResources.trigger_point_toml),
        ("wall-stretch", PackageResources.wall_stretch_toml),
        ("warm-up", PackageResources.warm_up_toml),
    ]

    /// The names of the built-in routines, sorted.
    public static var names: [String] { files.map(\.name) }

    /// The TOML source of the built-in `name` (to copy into `~/.config/relief/routines/` and
    /// adapt), or nil when there is none.
    public static func source(named name: String) -> String? {
        files.first { $0.name == name }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// The built-in routines, parsed once on first use. A built-in that fails validation is
    /// left out and its problems are in `problems` (a test keeps both empty in practice).
    public static var all: [Routine] { parsed.routines }

    /// Problems in built-in files; empty unless a built-in was broken by an edit.
    public static var problems: [RoutineProblem] { parsed.problems }

    /// The problems name a built-in as `built-in/NAME.toml`.
    private static let parsed: (routines: [Routine], problems: [RoutineProblem]) = {
        var routines: [Routine] = []
        var problems: [RoutineProblem] = []
        for file in files {
            do throws(RoutineFileError) {
                routines.append(try RoutineFile.parse(bytes: file.bytes, file: "built-in/\(file.name).toml",
                                                      expectedName: file.name))
            } catch {
                problems += error.problems
            }
        }
        return (routines, problems)
    }()
}
