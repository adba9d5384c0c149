import { onScopeDispose, ref, type Ref } from 'vue';

export interface UseReadAloudOptions {
  /** BCP 47 language of the text, e.g. zh-CN; a voice of that language is preferred. */
  lang: () => string;
}

export interface UseReadAloudReturn {
  /** True only when the machine has at least one voice: otherwise the control says so. */
  available: Ref<boolean>;
  speaking: Ref<boolean>;
  speak: (text: string) => void;
  stop: () => void;
}

/** Read-aloud through speechSynthesis, when this machine has voices. */
export function useReadAloud({ lang }: UseReadAloudOptions): UseReadAloudReturn {
  const synth = typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
  const available = ref(false);
  const speaking = ref(false);

  const refreshVoices = (): void => {
    available.value = synth !== null && synth.getVoices().length > 0;
  };
  refreshVoices();
  synth?.addEventListener('voiceschanged', refreshVoices);

  function stop(): void {
    synth?.cancel();
    speaking.value = false;
  }

  function speak(text: string): void {
    if (!synth || !available.value) return;
    stop();
    const utterance = new SpeechSynthesisUtterance(text);
    const wanted = lang();
    utterance.lang = wanted;
    const voice = synth.getVoices().find((v) => v.lang === wanted) ?? synth.getVoices().find((v) => v.lang.startsWith(wanted.slice(0, 2)));
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9;
    utterance.onend = () => (speaking.value = false);
    utterance.onerror = () => (speaking.value = false);
    speaking.value = true;
    synth.speak(utterance);
  }

  onScopeDispose(() => {
    synth?.removeEventListener('voiceschanged', refreshVoices);
    stop();
  });
  return { available, speaking, speak, stop };
}
