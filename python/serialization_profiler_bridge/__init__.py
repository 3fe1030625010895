"""The Python side of Serialization Profiler: runs a user's function through real loky and times each phase."""
