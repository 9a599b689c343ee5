import { InvalidArgumentError } from 'commander'

/** A commander argParser accepting an integer from `min` to `max`; anything else is a usage error (exit 2). */
export function intOption(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value)
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`)
    }
    return n
  }
}
