// Placeholder: the Direct Line 3.0 emulator entry (directline-rx/emulator) is being written.
export {};
