// electron-builder `afterPack` hook: the packaged Electron binary must carry exactly the fuses that
// electron-builder.yml's `electronFuses` asks for, or the build fails.
//
// electron-builder flips the fuses itself, but only after this hook runs (its order: afterPack, then
// fuses, then signing), so a check here would read Electron's defaults. The hook therefore flips them
// (the same @electron/fuses call electron-builder makes), then reads the binary back with
// @electron/fuses and compares every fuse. electron-builder's own pass afterwards writes the same values.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

// How a fuse is stored in the binary's fuse wire (one byte each: ASCII '0', '1', 'r').
const DISABLED = 0x30;
const ENABLED = 0x31;
const REMOVED = 0x72;

/** electronFuses' keys (`runAsNode`) are FuseV1Options' names with a lower-case first letter. */
export function fuseIndex(key) {
  const index = FuseV1Options[key[0].toUpperCase() + key.slice(1)];
  if (typeof index !== 'number') throw new Error(`electronFuses.${key} is not a fuse @electron/fuses knows`);
  return index;
}

/** The flipFuses() config for electronFuses (unset entries left to Electron). */
export function fuseConfig(electronFuses, { resetAdHocDarwinSignature = false } = {}) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature };
  for (const [key, value] of Object.entries(electronFuses)) if (typeof value === 'boolean') config[fuseIndex(key)] = value;
  return config;
}

/** Every wanted fuse the wire does not hold, in words; [] when the binary matches. */
export function fuseDifferences(wire, electronFuses) {
  const problems = [];
  if (wire.version !== FuseVersion.V1) problems.push(`fuse wire version ${wire.version}, expected ${FuseVersion.V1}`);
  for (const [key, wanted] of Object.entries(electronFuses)) {
    if (typeof wanted !== 'boolean') continue;
    const state = wire[fuseIndex(key)];
    const has =
      state === ENABLED
        ? 'on'
        : state === DISABLED
          ? 'off'
          : state === REMOVED
            ? 'removed'
            : state === undefined
              ? 'absent (fuse wire too short)'
              : `unknown state ${state}`;
    if (has !== (wanted ? 'on' : 'off')) problems.push(`${key}: wanted ${wanted ? 'on' : 'off'}, the binary has ${has}`);
  }
  return problems;
}

/** Reads the binary's fuses; throws, naming each one, when any differs from electronFuses. */
export async function checkPackagedFuses(binaryPath, electronFuses) {
  const problems = fuseDifferences(await getCurrentFuseWire(binaryPath), electronFuses);
  if (problems.length)
    throw new Error(`The packaged Electron binary ${binaryPath} does not carry the fuses of electron-builder.yml:\n  ${problems.join('\n  ')}`);
}

/** The file @electron/fuses reads for this packaged app (it finds the framework inside a .app itself). */
export function packagedBinary({ appOutDir, electronPlatformName, packager }) {
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName);
}

export async function afterPack(context) {
  const wanted = context.packager.config.electronFuses;
  if (!wanted) throw new Error("electron-builder.yml has no electronFuses: the packaged binary would keep Electron's defaults");
  const binary = packagedBinary(context);
  // arm64 macOS refuses to run a binary whose ad-hoc signature no longer matches; flipping changes it.
  const arm64Mac = context.electronPlatformName === 'darwin' && context.arch === 3; // builder-util Arch.arm64
  await flipFuses(binary, fuseConfig(wanted, { resetAdHocDarwinSignature: arm64Mac }));
  await checkPackagedFuses(binary, wanted);
  console.log(`  • fuses checked       ${Object.keys(wanted).length} fuses as configured in ${binary}`);
}

export default afterPack;
