import { PresetRegistry, type Preset } from '@par/core';
import { khanhHoaPreset } from '@par/preset-khanh-hoa';
import { konTumPreset } from '@par/preset-kon-tum';
import { nationalPreset } from '@par/preset-national';

/**
 * The presets this server runs, side by side: registered explicitly here (core never imports a
 * plugin). Each is checked when built — core range, empty slots, duplicate codes, maxima — so
 * a broken preset stops the boot with a message naming the culprit.
 */
export function installedPresets(): Preset[] {
  const national = nationalPreset();
  return [national, khanhHoaPreset(national), konTumPreset(national)];
}

export const createPresetRegistry = (presets: Preset[] = installedPresets()) => new PresetRegistry(presets);
